// `npm start`: local mode on loopback (stand-ins, setup, functions), persisted under .local-data/, until Ctrl-C.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatDateTime } from '../forms/format.ts';
import { createLogger } from '../functions/platform/log.ts';
import { startLocalMode } from './localmode.ts';

/** Served beside the 2021 campaign, each from its file under campaigns/. */
const SECOND_CAMPAIGNS = ['tan-hung-doc-sach-2026'];

const HELP = `Cách dùng: npm start -- [--fresh] [--data-dir THƯ_MỤC] [--port-base SỐ] [--clock rehearsal|real] [--mail-per-day SỐ] [--quiet]

  --fresh         xóa dữ liệu cũ và bắt đầu lại từ đầu
  --data-dir      thư mục lưu dữ liệu (mặc định .local-data)
  --port-base     cổng đầu tiên (mặc định 8700: Sheets 8701, Forms 8702, hộp thư 8703,
                  hàm đồng bộ 8704–8705, đăng nhập OAuth 8706, bản mô phỏng Cloud 8707, SMTP 8725)
  --clock         rehearsal (mặc định): chạy như đang trong tuần báo cáo 2021;
                  real: dùng ngày giờ thật (mọi báo cáo sẽ là nộp trễ)
  --mail-per-day  hộp thư SMTP giả từ chối như Gmail («550 5.4.5 Daily user sending limit
                  exceeded») khi đã nhận SỐ thư trong 24 giờ, để thử giới hạn gửi thư trong ngày
  --quiet         không in nhật ký JSON của các hàm
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fresh: { type: 'boolean', default: false },
      'data-dir': { type: 'string', default: '.local-data' },
      'port-base': { type: 'string', default: '8700' },
      clock: { type: 'string', default: 'rehearsal' },
      'mail-per-day': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const base = Number(values['port-base']);
  if (!Number.isInteger(base) || base < 1024 || base > 65000) {
    throw new Error(
      `--port-base phải là số cổng từ 1024 đến 65000, không phải "${values['port-base']}"`,
    );
  }
  if (values.clock !== 'rehearsal' && values.clock !== 'real') {
    throw new Error(`--clock chỉ nhận rehearsal hoặc real, không phải "${values.clock}"`);
  }
  const perDay = values['mail-per-day'];
  if (perDay !== undefined && !/^\d+$/.test(perDay)) {
    throw new Error(`--mail-per-day phải là một số nguyên không âm, không phải "${perDay}"`);
  }
  const dataDir = resolve(values['data-dir']);
  if (values.fresh) rmSync(dataDir, { recursive: true, force: true });

  const local = await startLocalMode({
    dataDir,
    // A deployment serves every campaign of an office: the ward's 2026 report beside the 2021 one.
    moreCampaigns: SECOND_CAMPAIGNS,
    clock: values.clock,
    // Fixed ports: the links stored in the data folder stay valid after a restart.
    ports: {
      sheets: base + 1,
      forms: base + 2,
      inbox: base + 3,
      functions: base + 4,
      oauth: base + 6,
      cloud: base + 7,
      smtp: base + 25,
    },
    sweepEveryMs: 60_000,
    ...(perDay !== undefined ? { mailPerDay: Number(perDay) } : {}),
    log: values.quiet
      ? createLogger(() => {})
      : createLogger((line) => process.stderr.write(`${line}\n`)),
  });
  const e = local.endpoints;
  const tz = local.campaign.timezone;
  const clockLine =
    e.clock.mode === 'rehearsal'
      ? `Chạy thử: đồng hồ đặt như đang ở ${formatDateTime(local.now(), tz)} (trong tuần báo cáo, hạn nộp hết ngày 08/10/2021) và chạy tiếp theo giờ thật.`
      : 'Đồng hồ thật: đợt 2021 đã qua hạn nên mọi báo cáo sẽ được đánh dấu nộp trễ.';
  const reminderLine = `Nhắc nhở tự động gửi các mốc từ ${formatDateTime(local.remindersFrom, tz)} trở đi; mốc trước đó chỉ gửi khi chọn: npm run baocao -- remind --slot MÃ --local ${values['data-dir']}`;
  process.stdout.write(
    [
      `baocao — chế độ chạy trên máy: ${local.campaign.title}`,
      clockLine,
      reminderLine,
      '',
      ...local.setup.campaigns.flatMap((c) => [
        `Đợt «${c.title}»:`,
        ...c.done.map((d) => `  ✓ ${d}`),
      ]),
      '',
      `  Hộp thư thử nghiệm:             ${e.inboxUrl}`,
      `  Địa chỉ cho script/test:        ${resolve(dataDir, 'endpoints.json')}`,
      `  Thử đăng nhập (baocao login):   npm run baocao -- login --local ${values['data-dir']}`,
      '',
      ...e.campaigns.flatMap((c, i) => [
        `Đợt ${i + 1}: ${c.title} (${c.id})`,
        `  Bảng tổng hợp (xem trực tiếp): ${c.sheetUrl}`,
        `  Biểu mẫu:                      ${c.formUrl}`,
        'Đường link riêng của từng đơn vị (mở một link, điền và gửi, rồi xem bảng tổng hợp và hộp thư):',
        ...c.links.map((l) => `  ${l.name}\n    ${l.link}`),
        '',
      ]),
      `Các đợt và trạng thái: npm run baocao -- campaigns --local ${values['data-dir']}`,
      '',
      'Nhấn Ctrl-C để dừng; dữ liệu được giữ cho lần chạy sau (npm start -- --fresh để làm lại từ đầu).',
      '',
    ].join('\n'),
  );

  const stop = async () => {
    process.stdout.write('\nĐang dừng…\n');
    await local.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Lỗi: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

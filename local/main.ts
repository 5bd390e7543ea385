// `npm start`: brings up the local stand-ins on loopback, persisted under .local-data/, until Ctrl-C.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startStandIns } from './standins.ts';

const HELP = `Cách dùng: npm start -- [--fresh] [--data-dir THƯ_MỤC] [--port-base SỐ]

  --fresh         xóa dữ liệu cũ và bắt đầu lại từ đầu
  --data-dir      thư mục lưu dữ liệu (mặc định .local-data)
  --port-base     cổng đầu tiên (mặc định 8700: Sheets 8701, Forms 8702, hộp thư 8703, SMTP 8725)
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fresh: { type: 'boolean', default: false },
      'data-dir': { type: 'string', default: '.local-data' },
      'port-base': { type: 'string', default: '8700' },
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
      `--port-base must be a port number between 1024 and 65000, got ${values['port-base']}`,
    );
  }
  const dataDir = resolve(values['data-dir']);
  if (values.fresh) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });

  const standIns = await startStandIns({
    dataDir,
    // Fixed ports: responder links and sheet views stored in the data folder stay valid after a restart.
    ports: { sheets: base + 1, forms: base + 2, inbox: base + 3, smtp: base + 25 },
  });
  const endpointsFile = resolve(dataDir, 'endpoints.json');
  writeFileSync(endpointsFile, `${JSON.stringify(standIns.endpoints, null, 2)}\n`);

  const e = standIns.endpoints;
  process.stdout.write(
    [
      'baocao — chế độ chạy thử trên máy (không cần tài khoản Google, không cần mạng)',
      '',
      `  Google Sheets (giả lập):  ${e.sheetsRootUrl}`,
      `  Xem bảng tính:            ${e.sheetsViewUrl}`,
      `  Google Forms (giả lập):   ${e.formsRootUrl}`,
      `  Hộp thư thử nghiệm:       ${e.inboxUrl}`,
      `  Máy chủ thư (SMTP):       ${e.smtp.host}:${e.smtp.port}`,
      '',
      `  Dữ liệu lưu tại:          ${dataDir}`,
      `  Địa chỉ cho script/test:  ${endpointsFile}`,
      '',
      'Hiện mới có các dịch vụ giả lập; tạo biểu mẫu, bảng tổng hợp và đồng bộ sẽ có ở các bước sau.',
      'Nhấn Ctrl-C để dừng.',
      '',
    ].join('\n'),
  );

  const stop = async () => {
    process.stdout.write('\nĐang dừng…\n');
    await standIns.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

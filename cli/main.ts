// `baocao`: the coordinator's command line (Vietnamese), on top of functions/ and forms/.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { withUnits } from '../forms/campaign.ts';
import { loadKnownCampaign } from '../forms/campaigns/index.ts';
import { parseRegistryCsv } from '../forms/registry.ts';
import { loadSetupConfig } from '../functions/config.ts';
import { googleClients } from '../functions/google.ts';
import { setup, unitLines } from './setup.ts';
import { readSetupState, writeSetupState } from './state.ts';

const HELP = `baocao — thu thập và tổng hợp báo cáo của các đơn vị

Cách dùng: baocao <lệnh> [tùy chọn]

Lệnh:
  setup    tạo (hoặc cập nhật) biểu mẫu Google Form, bảng tổng hợp và đăng ký nhận thông báo;
           chạy lại nhiều lần vẫn an toàn: chỉ thêm phần mới, không xóa số liệu
  links    in đường link riêng của từng đơn vị (bảng, hoặc CSV với --csv)

Tùy chọn chung:
  --registry TỆP   danh sách đơn vị (CSV: id,name,group,emails); mặc định dùng danh sách kèm theo đợt báo cáo
  --state TỆP      nơi lưu mã biểu mẫu và bảng tính (mặc định .baocao/<mã đợt>.json)
  --csv            (links) in dạng CSV
  -h, --help       hướng dẫn này

Cấu hình qua biến môi trường: BAOCAO_CAMPAIGN, BAOCAO_TOKEN_SECRET, WATCH_TOPIC,
FUNCTIONS_SERVICE_ACCOUNT (tùy chọn). Trên Google, lệnh dùng tài khoản của người tổng hợp
(gcloud auth application-default login).
`;

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: NodeJS.WritableStream,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      registry: { type: 'string' },
      state: { type: 'string' },
      csv: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    out.write(HELP);
    return command || values.help ? 0 : 2;
  }
  const config = loadSetupConfig(env);
  const base = loadKnownCampaign(config.BAOCAO_CAMPAIGN);
  const campaign = values.registry
    ? withUnits(base, parseRegistryCsv(readFileSync(values.registry, 'utf8'), base.groups))
    : base;
  const stateFile = values.state ?? `.baocao/${campaign.id}.json`;
  const previous = readSetupState(stateFile);

  switch (command) {
    case 'setup': {
      const result = await setup(campaign, previous, {
        clients: googleClients(config),
        config,
        fetch,
        now: () => new Date(),
        progress: (m) => out.write(`… ${m}\n`),
      });
      writeSetupState(stateFile, result.state);
      out.write(
        [
          '',
          ...result.done.map((d) => `✓ ${d}`),
          '',
          `Biểu mẫu (gửi cho đơn vị qua đường link riêng): ${result.state.responderUri}`,
          `Sửa biểu mẫu: https://docs.google.com/forms/d/${result.state.formId}/edit`,
          `Bảng tổng hợp: ${result.state.spreadsheetUrl}`,
          `Số yêu cầu Google API: ${result.requests.reads} đọc, ${result.requests.writes} ghi.`,
          '',
          'Việc cần làm một lần trong trình sửa biểu mẫu (Google không cho đặt qua API):',
          '  Cài đặt › Bản trình bày › Thông báo xác nhận, dán:',
          `  ${result.confirmationMessage}`,
          `Đã lưu trạng thái vào ${stateFile}. In đường link riêng: baocao links`,
          '',
        ].join('\n'),
      );
      return 0;
    }
    case 'links': {
      if (!previous) {
        out.write(`Chưa có biểu mẫu cho đợt ${campaign.id}: hãy chạy "baocao setup" trước.\n`);
        return 1;
      }
      const lines = unitLines(campaign, previous.responderUri, config.BAOCAO_TOKEN_SECRET);
      if (values.csv) {
        const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
        out.write(
          `id,name,link\n${lines.map((l) => [l.unit.id, quote(l.unit.name), l.link].join(',')).join('\n')}\n`,
        );
      } else {
        for (const l of lines) out.write(`${l.unit.name}\n  ${l.link}\n`);
      }
      return 0;
    }
    default:
      out.write(`Không có lệnh "${command}".\n\n${HELP}`);
      return 2;
  }
}

/** Turns the errors a coordinator can fix into Vietnamese instructions. */
export function explain(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/default credentials/i.test(message)) {
    return 'chưa có thông tin đăng nhập Google. Hãy chạy: gcloud auth application-default login --scopes=https://www.googleapis.com/auth/cloud-platform,https://www.googleapis.com/auth/forms.body,https://www.googleapis.com/auth/spreadsheets,https://www.googleapis.com/auth/drive.file';
  }
  if (error instanceof Error && error.name === 'ConfigError') {
    return `thiếu hoặc sai cấu hình (biến môi trường):\n${message.split('\n').slice(1).join('\n')}`;
  }
  return message;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2), process.env, process.stdout).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`Lỗi: ${explain(error)}\n`);
      process.exit(1);
    },
  );
}

// `baocao`: the coordinator's command line (Vietnamese), on top of functions/ and forms/.
import { parseArgs } from 'node:util';
import type { Campaign } from '../forms/campaign.ts';
import { campaignJsonSchema } from '../forms/campaign-json-schema.ts';
import { formatDateTime, formatLocalDate } from '../forms/format.ts';
import { createRuntime } from '../functions/app/runtime.ts';
import { reminderSlots, resolveSlot } from '../functions/core/time.ts';
import {
  ConfigError,
  loadGoogleConfig,
  loadSetupConfig,
  loadTokenSecret,
} from '../functions/platform/config.ts';
import { googleClients } from '../functions/platform/google.ts';
import { createLogger } from '../functions/platform/log.ts';
import { DEFINITION_TAB } from '../functions/sheet/campaigns.ts';
import { readSheetState, SheetLayoutError } from '../functions/sheet/read.ts';
import { cliCallPolicy } from './call-policy.ts';
import { storeAndRegister } from './campaign-registry.ts';
import { campaignsCommand } from './campaigns-command.ts';
import { runCompare } from './compare/command.ts';
import { previousCommand } from './compare/previous.ts';
import {
  commandClock,
  commandEnv,
  functionConfigFor,
  loadCommandCampaign,
  NotSetUpError,
  stateFileFor,
} from './context.ts';
import { coordinatorAuth, credentialsFile } from './credentials.ts';
import { csvText } from './csv.ts';
import { doctorDeps, formatTable, runChecks } from './doctor/run.ts';
import { newCampaignCommand } from './draft/command.ts';
import { driveClient } from './drive.ts';
import { runExport } from './export.ts';
import { signInCommand } from './login-command.ts';
import { newLikeCommand } from './new-like.ts';
import { explainOAuthError, oauthErrorCode } from './oauth-errors.ts';
import { setup, unitLines } from './setup.ts';
import { readSetupState, writeSetupState } from './state.ts';
import { formatStatus, statusSummary } from './status.ts';
import { commandWatchOwner, ownerAnswerSchema } from './watch-owner.ts';

const HELP = `baocao — thu thập và tổng hợp báo cáo của các đơn vị

Cách dùng: baocao <lệnh> [tùy chọn]

Lệnh:
  login              đăng nhập bằng tài khoản Google của Phòng (mở trình duyệt, bấm "Cho phép");
                     --no-browser: chỉ in đường link
  logout             đăng xuất: thu hồi quyền và xóa thông tin đăng nhập đã lưu
  setup              tạo (hoặc cập nhật) biểu mẫu, bảng tổng hợp và đăng ký nhận thông báo;
                     chạy lại vẫn an toàn: chỉ thêm phần mới, không xóa số liệu;
                     --campaign TỆP: thêm một đợt nữa vào bản triển khai (tệp campaign.yaml,
                     danh sách đơn vị units.csv bên cạnh), các hàm tự nhận ra, không cần
                     triển khai lại
  campaigns          các đợt báo cáo của bản triển khai và trạng thái (đang nhận, đã khóa,
                     đã lưu trữ)
  lock --campaign MÃ     khóa một đợt: bản nộp từ lúc khóa bị từ chối, không nhắc nữa;
                     các đợt khác không bị ảnh hưởng
  archive --campaign MÃ  lưu trữ một đợt đã xong: các hàm thôi đồng bộ, nhắc và theo dõi biểu
                     mẫu của đợt; bảng tổng hợp giữ nguyên
  links              đường link riêng của từng đơn vị (--csv để in dạng CSV)
  status             tiến độ nộp của các đơn vị (--json cho máy đọc); mã thoát khác 0
                     khi còn đơn vị chưa nộp
  sync               đồng bộ ngay các câu trả lời mới vào bảng tổng hợp
  remind             gửi nhắc nhở của mốc nhắc đến hạn (--dry-run: chỉ xem ai sẽ nhận gì)
                     --slot MÃ: chọn mốc, theo mã nhắc trong định nghĩa đợt (qua-han: mốc
                     đã đến gần nhất của nhắc nhở đó, hoặc mốc đầu tiên nếu chưa đến) hoặc
                     mã một mốc cụ thể (qua-han@2021-10-10); mã sai sẽ in danh sách mã đúng
  digest             gửi ngay thư tổng hợp tình hình cho người tổng hợp
  export             xuất bảng tổng hợp chính thức (XLSX và PDF theo Nghị định 30, kèm CSV)
  compare --previous TỆP
                     so sánh số liệu năm nay với năm trước (TỆP: CSV do export ghi cho đợt
                     trước); đơn vị sáp nhập/đổi tên được cộng theo cột «tiền thân» của danh
                     sách đơn vị; --out TỆP: ghi bảng so sánh từng đơn vị (CSV)
  previous --from TỆP
                     ghi số liệu đợt trước của từng đơn vị (TỆP: CSV do export ghi cho đợt
                     trước) vào tệp đợt báo cáo (--campaign MÃ|THƯ_MỤC|TỆP), để biên nhận in
                     «năm trước» cạnh số năm nay; đơn vị sáp nhập nhận tổng số liệu các đơn vị
                     ở cột «tiền thân»; --title TÊN: tên đợt trước (mặc định «năm <năm trước>»);
                     các hàm dùng khi định nghĩa đợt được cập nhật (chạy lại setup --campaign;
                     đợt chính của bản triển khai: build lại và pulumi up)
  watch renew        gia hạn (hoặc tạo lại) đăng ký nhận thông báo câu trả lời
  schema             in JSON Schema của tệp đợt báo cáo (campaign.yaml), để trình soạn thảo
                     gợi ý và kiểm tra khi viết tệp
  new --from TỆP     soạn bản nháp đợt báo cáo (tệp YAML) từ bảng phụ lục của kế hoạch: tệp Word
                     (.docx), Excel (.xlsx) hoặc chữ chép từ Word (các ô cách nhau bằng Tab);
                     --out TỆP: nơi ghi (mặc định <mã đợt>.campaign.yaml), --id MÃ: mã đợt
  new --like ĐỢT     tạo đợt mới (thư mục campaigns/<mã mới>/) từ đợt cũ (mã hoặc thư mục): giữ
                     mục, quy tắc, nhắc nhở, units.csv; lùi các ngày một năm và đánh dấu
                     "# CẦN SỬA:" chỗ phải xem lại; --id MÃ: mã đợt mới (mặc định tăng năm
                     trong mã), --out THƯ_MỤC: nơi ghi; không ghi đè thư mục đã có;
                     --previous-figures TỆP: ghi luôn số liệu đợt cũ (CSV do export ghi) như
                     lệnh previous
  doctor             kiểm tra toàn bộ bản triển khai (hoặc bản chạy thử với --local) và nói
                     cách sửa từng lỗi; mã thoát 0 chỉ khi mọi mục đều đạt

Tùy chọn:
  --campaign MÃ|TỆP  đợt báo cáo làm việc (mã trong campaigns/ hoặc tệp campaign.yaml); mặc
                     định đợt chính của bản triển khai (BAOCAO_CAMPAIGN)
  --local THƯ_MỤC    dùng bản chạy thử trên máy (thư mục của npm start, thường là .local-data),
                     theo đồng hồ của bản chạy thử (mốc nhắc, ngày của thư và tệp xuất)
  --registry TỆP     danh sách đơn vị (CSV: id,name,group,emails) thay cho danh sách kèm theo
  --state TỆP        nơi lưu mã biểu mẫu và bảng tính (mặc định .baocao/<mã đợt>.json)
  --out THƯ_MỤC      (export) nơi ghi tệp, mặc định thư mục hiện tại
  --per-unit         (export) thêm trang số liệu từng đơn vị và bảng riêng có chữ ký của từng
                     đơn vị đã báo cáo
  -h, --help         hướng dẫn này

Cấu hình qua biến môi trường: BAOCAO_CAMPAIGN, BAOCAO_TOKEN_SECRET, WATCH_TOPIC,
FUNCTIONS_SERVICE_ACCOUNT, RENEW_WATCH_URL (setup, watch renew, doctor); với sync/remind/digest thêm SMTP_HOST, SMTP_PORT, SMTP_USER,
SMTP_PASSWORD, MAIL_FROM; với login thêm BAOCAO_OAUTH_CLIENT_ID, BAOCAO_OAUTH_CLIENT_SECRET; với
doctor thêm BAOCAO_REGION (mặc định asia-southeast1). Trên Google, lệnh dùng tài khoản của người
tổng hợp đã đăng nhập bằng baocao login (lưu tại $XDG_CONFIG_HOME/baocao/credentials.json, mặc
định ~/.config/baocao/credentials.json); phần kiểm tra Cloud của doctor dùng đăng nhập
application-default của người triển khai (gcloud auth application-default login).
`;

/** What `--slot` takes, for a coordinator who gave an id the campaign does not have. */
function unknownSlotText(campaign: Campaign, given: string): string {
  const slots = reminderSlots(campaign);
  const at = (d: Date) => formatDateTime(d, campaign.timezone);
  const reminders = campaign.reminders.map((r) => {
    const own = slots.filter((s) => s.reminderId === r.id);
    const first = own[0];
    const last = own.at(-1);
    if (!first || !last) return `  ${r.id}`;
    return own.length === 1
      ? `  ${r.id} (${at(first.at)})`
      : `  ${r.id} (${r.time} hằng ngày từ ${formatLocalDate(first.localDate)} đến ${formatLocalDate(last.localDate)})`;
  });
  return [
    `Không có mốc nhắc "${given}". Dùng mã một nhắc nhở (gửi mốc đã đến gần nhất của nó):`,
    ...reminders,
    'hoặc mã một mốc cụ thể:',
    ...slots.map((s) => `  ${s.id} (${at(s.at)})`),
    '',
  ].join('\n');
}

/** Exit codes: 0 done, 1 failed, 2 wrong usage, 3 `status` while some units have not reported. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: NodeJS.WritableStream,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      local: { type: 'string' },
      campaign: { type: 'string' },
      registry: { type: 'string' },
      state: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      previous: { type: 'string' },
      like: { type: 'string' },
      title: { type: 'string' },
      'previous-figures': { type: 'string' },
      id: { type: 'string' },
      slot: { type: 'string' },
      csv: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'per-unit': { type: 'boolean', default: false },
      'no-browser': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, sub] = positionals;
  if (values.help || !command) {
    out.write(HELP);
    return command || values.help ? 0 : 2;
  }
  const say = (line: string) => out.write(`${line}\n`);
  if (command === 'schema') {
    out.write(`${JSON.stringify(campaignJsonSchema(), null, 2)}\n`);
    return 0;
  }
  if (command === 'login' || command === 'logout') {
    const options = { env, localDir: values.local, openBrowser: !values['no-browser'] };
    return signInCommand(command, options, say);
  }
  if (command === 'new') {
    if (values.like)
      return newLikeCommand(
        {
          like: values.like,
          id: values.id,
          out: values.out,
          previousFigures: values['previous-figures'],
        },
        say,
      );
    if (!values.from) {
      say('Dùng: baocao new --from <bảng phụ lục .docx/.xlsx/.tsv> [--out <tệp>] [--id <mã đợt>]');
      say(
        '  hoặc baocao new --like <đợt cũ> [--id <mã đợt mới>] [--out <thư mục>] [--previous-figures <CSV do export ghi cho đợt cũ>]',
      );
      return 2;
    }
    const options = { from: values.from, out: values.out, id: values.id };
    return newCampaignCommand({ ...options, now: () => new Date() }, say);
  }
  if (command === 'previous') {
    const target = values.campaign ?? env.BAOCAO_CAMPAIGN;
    if (!values.from || !target) {
      say(
        'Dùng: baocao previous --from <tệp CSV do baocao export ghi cho đợt trước> --campaign <mã đợt|thư mục|tệp> [--title <tên đợt trước>]',
      );
      return 2;
    }
    return previousCommand({ campaign: target, from: values.from, title: values.title }, say);
  }
  const e = commandEnv(env, values.local);
  const now = commandClock(values.local);
  // The deployment's own campaign: its sheet holds the registry of every other one.
  const home = e.BAOCAO_CAMPAIGN ?? '';
  if (!home) throw new Error('thiếu BAOCAO_CAMPAIGN (mã đợt báo cáo, ví dụ q7-htsd-2021)');
  const campaign = loadCommandCampaign(values.campaign ?? home, values.registry);
  const stateFile = stateFileFor(campaign.id, values.state, values.local, home);
  const homeStateFile =
    campaign.id === home ? stateFile : stateFileFor(home, undefined, values.local, home);
  const quiet = createLogger(() => {});
  // Read when a command reaches Google, so `links` works even with a damaged sign-in file.
  const credentials = () =>
    coordinatorAuth(credentialsFile(env, values.local), e.GOOGLE_ACCESS_TOKEN);

  switch (command) {
    case 'setup': {
      const config = loadSetupConfig(e);
      const owner = commandWatchOwner(e, values.local !== undefined, campaign, now, quiet);
      const result = await setup(campaign, readSetupState(stateFile), {
        clients: (() => {
          const c = credentials();
          return { ...googleClients(config, { credentials: c }), drive: driveClient(config, c) };
        })(),
        config,
        fetch,
        now,
        calls: cliCallPolicy(say),
        progress: (m) => say(`… ${m}`),
        ...(owner ? { watchOwner: owner.owner } : {}),
      }).finally(() => owner?.close());
      writeSetupState(stateFile, result.state);
      const homeState = campaign.id === home ? result.state : readSetupState(homeStateFile);
      if (!homeState) throw new NotSetUpError(home, homeStateFile);
      const listed = await storeAndRegister(
        {
          sheets: googleClients(config, { credentials: credentials() }).sheets,
          calls: cliCallPolicy(say),
        },
        homeState.spreadsheetId,
        campaign,
        result.state,
        now(),
      );
      say('');
      for (const d of result.done) say(`✓ ${d}`);
      say(
        `✓ Đã lưu định nghĩa đợt vào bảng tổng hợp (trang ẩn «${DEFINITION_TAB}») và ghi đợt vào danh sách đợt báo cáo (${listed.length} đợt); các hàm nhận ra đợt trong vòng 1 phút, không cần triển khai lại.`,
      );
      say('');
      say(`Biểu mẫu (gửi cho đơn vị qua đường link riêng): ${result.state.responderUri}`);
      say(`Sửa biểu mẫu: https://docs.google.com/forms/d/${result.state.formId}/edit`);
      say(`Bảng tổng hợp: ${result.state.spreadsheetUrl}`);
      say(`Số yêu cầu Google API: ${result.requests.reads} đọc, ${result.requests.writes} ghi.`);
      say('');
      say('Việc cần làm một lần trong trình sửa biểu mẫu (Google không cho đặt qua API):');
      say('  Cài đặt › Bản trình bày › Thông báo xác nhận, dán:');
      say(`  ${result.confirmationMessage}`);
      say(`Đã lưu trạng thái vào ${stateFile}. In đường link riêng: baocao links`);
      return 0;
    }
    case 'campaigns':
    case 'lock':
    case 'archive': {
      if (command !== 'campaigns' && !values.campaign) {
        say(`Dùng: baocao ${command} --campaign <mã đợt> (xem các đợt: baocao campaigns)`);
        return 2;
      }
      const homeState = readSetupState(homeStateFile);
      if (!homeState) throw new NotSetUpError(home, homeStateFile);
      const sheets = googleClients(loadGoogleConfig(e), { credentials: credentials() }).sheets;
      const deps = { sheets, calls: cliCallPolicy(say) };
      await campaignsCommand(
        command,
        deps,
        { home, homeSpreadsheetId: homeState.spreadsheetId, campaign, now },
        say,
      );
      return 0;
    }
    case 'links': {
      const state = readSetupState(stateFile);
      if (!state) throw new NotSetUpError(campaign.id, stateFile);
      const lines = unitLines(campaign, state.responderUri, loadTokenSecret(e));
      if (values.csv) {
        // The file coordinators send on: Vietnamese column names, opened in Excel as it is.
        out.write(
          csvText([
            ['Mã đơn vị', 'Tên đơn vị', 'Đường link riêng'],
            ...lines.map((l) => [l.unit.id, l.unit.name, l.link]),
          ]),
        );
      } else {
        for (const l of lines) say(`${l.unit.name}\n  ${l.link}`);
      }
      return 0;
    }
    case 'status': {
      const state = readSetupState(stateFile);
      if (!state) throw new NotSetUpError(campaign.id, stateFile);
      const live = await readSheetState(
        googleClients(loadGoogleConfig(e), { credentials: credentials() }),
        state.spreadsheetId,
        campaign,
        cliCallPolicy(say),
      );
      const summary = statusSummary(live.campaign, live.state);
      out.write(values.json ? `${JSON.stringify(summary, null, 2)}\n` : formatStatus(summary));
      return summary.reported < summary.total ? 3 : 0;
    }
    case 'export': {
      const state = readSetupState(stateFile);
      if (!state) throw new NotSetUpError(campaign.id, stateFile);
      say('… Đang đọc bảng tổng hợp');
      const result = await runExport(
        {
          clients: googleClients(loadGoogleConfig(e), { credentials: credentials() }),
          spreadsheetId: state.spreadsheetId,
          campaign,
          backoff: cliCallPolicy(say),
          now,
        },
        values.out ?? '.',
        { perUnit: values['per-unit'], csv: true },
      );
      say(`✓ ${result.summary}`);
      for (const w of result.warnings) say(`  ! ${w}`);
      return 0;
    }
    case 'compare': {
      const state = readSetupState(stateFile);
      if (!state) throw new NotSetUpError(campaign.id, stateFile);
      if (!values.previous) {
        say(
          'Dùng: baocao compare --previous <tệp CSV do baocao export ghi cho đợt trước> [--out <tệp.csv>]',
        );
        return 2;
      }
      await runCompare(
        {
          clients: googleClients(loadGoogleConfig(e), { credentials: credentials() }),
          spreadsheetId: state.spreadsheetId,
          campaign,
          backoff: cliCallPolicy(say),
        },
        { previous: values.previous, out: values.out },
        (text) => out.write(text),
      );
      return 0;
    }
    case 'doctor': {
      const state = readSetupState(stateFile);
      if (!state) throw new NotSetUpError(campaign.id, stateFile);
      say('… Đang kiểm tra bản triển khai');
      const deps = doctorDeps({
        env: e,
        campaign,
        state,
        now,
        say,
        localDir: values.local,
        credentials: credentials(),
      });
      const results = await runChecks(deps);
      out.write(formatTable(results));
      return results.every((r) => r.ok) ? 0 : 1;
    }
    case 'sync':
    case 'remind':
    case 'digest':
    case 'watch': {
      const { config } = functionConfigFor({ ...e, BAOCAO_CAMPAIGN: campaign.id }, stateFile);
      const runtime = createRuntime(config, {
        campaign,
        log: quiet,
        now,
        clients: googleClients(config, { credentials: credentials() }),
      });
      try {
        if (command === 'sync') {
          say('… Đang đồng bộ câu trả lời mới');
          const r = await runtime.sync('manual');
          const d = r.decided;
          say(
            `✓ Đã xử lý ${d.accepted + d.rejected + d.awaiting + d.locked} bản nộp mới: ${d.accepted} được nhận, ${d.rejected} bị trả lại, ${d.awaiting} chờ xác minh, ${d.locked} bị từ chối; đã gửi ${r.mails.sent} thư${r.mails.failed ? `, ${r.mails.failed} thư chưa gửi được (sẽ thử lại)` : ''}.`,
          );
          return 0;
        }
        if (command === 'remind') {
          if (values.slot !== undefined && !resolveSlot(campaign, values.slot, now())) {
            out.write(unknownSlotText(campaign, values.slot));
            return 2;
          }
          say(values['dry-run'] ? '… Xem trước nhắc nhở (không gửi)' : '… Đang gửi nhắc nhở');
          const r = await runtime.remind({ slotId: values.slot, dryRun: values['dry-run'] });
          if (!r.slot) {
            say('Chưa đến mốc nhắc nào.');
            return 0;
          }
          say(`Mốc nhắc: ${r.slot.id} (${formatDateTime(r.slot.at, campaign.timezone)})`);
          for (const p of r.reminders)
            say(`  ${p.unitName} → ${p.to.join(', ')}${p.withErrors ? ' (kèm lỗi cần sửa)' : ''}`);
          if (r.withoutEmail.length)
            say(
              `Chưa có email (báo cho người tổng hợp trong thư tổng hợp): ${r.withoutEmail.join('; ')}`,
            );
          say(
            values['dry-run']
              ? `Sẽ gửi ${r.reminders.length} thư nhắc; thư tổng hợp: ${r.digest === 'already-sent' ? 'đã gửi trước đó' : 'sẽ gửi'}.`
              : `✓ Đã gửi ${r.sent} thư nhắc${r.failed ? `, ${r.failed} chưa gửi được` : ''}; thư tổng hợp: ${r.digest === 'sent' ? 'đã gửi' : r.digest === 'already-sent' ? 'đã gửi trước đó' : 'chưa gửi được'}.`,
          );
          if (r.held > 0)
            say(
              `${r.held} thư đang chờ vì máy chủ thư báo đã chạm giới hạn gửi thư (trong ngày hoặc gửi quá nhanh): thư vẫn được giữ trong bảng tổng hợp và các lần đồng bộ sau sẽ tự gửi tiếp khi giới hạn được đặt lại, mỗi thư một lần.`,
            );
          return r.failed > 0 ? 1 : 0;
        }
        if (command === 'digest') {
          const ok = await runtime.digest();
          say(ok ? '✓ Đã gửi thư tổng hợp cho người tổng hợp.' : 'Không gửi được thư tổng hợp.');
          return ok ? 0 : 1;
        }
        if (sub !== 'renew') {
          say('Dùng: baocao watch renew');
          return 2;
        }
        // The watch is the functions' account's: it is asked, never renewed as the coordinator.
        const owner = commandWatchOwner(e, values.local !== undefined, campaign, now, quiet);
        if (!owner) {
          say(
            'Đăng ký nhận thông báo do tài khoản của các hàm giữ: hãy đặt RENEW_WATCH_URL (địa chỉ hàm renew-watch, trong output functionUrls của Pulumi) rồi chạy lại.',
          );
          return 2;
        }
        const { state } = functionConfigFor({ ...e, BAOCAO_CAMPAIGN: campaign.id }, stateFile);
        const parsed = ownerAnswerSchema.safeParse(
          await owner.owner(state.formId).finally(() => owner.close()),
        );
        const r = parsed.success
          ? parsed.data
          : { ok: false, reason: 'câu trả lời không đúng dạng' };
        const expires = parsed.success ? parsed.data.check?.expireTime : undefined;
        say(
          r.ok
            ? `✓ Tài khoản của các hàm đã gia hạn đăng ký nhận thông báo, hết hạn ${expires ? formatDateTime(new Date(expires), campaign.timezone) : 'sau 7 ngày'}.`
            : `Không gia hạn được: ${r.reason ?? ''}`,
        );
        return r.ok ? 0 : 1;
      } finally {
        runtime.close();
      }
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
    return 'chưa đăng nhập Google. Hãy chạy: baocao login (đăng nhập bằng tài khoản Google của Phòng).';
  }
  const oauth = oauthErrorCode(error);
  if (oauth) return explainOAuthError(oauth, 'use');
  if (error instanceof SheetLayoutError) return error.advice;
  if (error instanceof ConfigError) {
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

// Doctor's checks of what Pulumi deployed: APIs, functions and who may call them, secrets, the topic's publisher, the mail server.
import { loadSmtpConfig } from '../../functions/platform/config.ts';
import {
  COORDINATOR_INVOKES,
  DEPLOYED_FUNCTIONS,
  FORMS_PUBLISHER,
  REQUIRED_APIS,
  SECRET_ENV,
} from '../../infra/catalog.ts';
import { type Check, type CheckResult, fail, pass, unreachable } from './check.ts';
import { statusOf } from './cloud.ts';
import { accountMember } from './target.ts';

export const apisEnabled: Check = async ({ target, cloud }) => {
  const what = 'Các API Google của bản triển khai';
  try {
    const enabled = await cloud.enabledServices(target.project);
    const missing = Object.keys(REQUIRED_APIS).filter((api) => !enabled.has(api));
    if (missing.length === 0)
      return pass(`Đã bật đủ ${Object.keys(REQUIRED_APIS).length} API Google cần dùng`);
    return fail(
      `Chưa bật API: ${missing.join(', ')}`,
      `Chạy lại "pulumi up" trong thư mục infra (chương trình bật các API này) hoặc chạy: gcloud services enable ${missing.join(' ')} --project=${target.project}.`,
    );
  } catch (error) {
    return unreachable(what, error, target.project);
  }
};

export const functionsDeployed: Check = async ({ target, cloud }) => {
  const results: CheckResult[] = [];
  for (const spec of DEPLOYED_FUNCTIONS) {
    const name = `${target.prefix}-${spec.key}`;
    const caller = spec.trigger === 'watch-topic' ? 'events' : 'scheduler';
    const expected = accountMember(target, caller);
    try {
      const fn = await cloud.getFunction(target.project, target.region, name);
      if (!fn) {
        results.push(
          fail(
            `Hàm ${name} chưa được triển khai`,
            'Đặt baocao:spreadsheetId và baocao:formId (in ra bởi baocao setup) rồi chạy "pulumi up" (bước 9 của infra/DEPLOY.md).',
          ),
        );
        continue;
      }
      if (fn.state !== 'ACTIVE' || !fn.serviceConfig?.service) {
        results.push(
          fail(
            `Hàm ${name} đang ở trạng thái ${fn.state ?? 'không rõ'}`,
            `Xem lỗi dựng hàm bằng "gcloud functions describe ${name} --region=${target.region}", sửa rồi chạy lại "pulumi up".`,
          ),
        );
        continue;
      }
      const members = await cloud.invokers(fn.serviceConfig.service);
      // The coordinator may be allowed some (baocao:coordinatorEmail), as the program grants.
      const allowed = (m: string) =>
        m === expected || (COORDINATOR_INVOKES.includes(spec.key) && m.startsWith('user:'));
      const intruders = members.filter((m) => !allowed(m));
      const first = intruders[0];
      if (first !== undefined) {
        results.push(
          fail(
            `Hàm ${name} cho phép ${intruders.join(', ')} gọi`,
            `Gỡ quyền bằng "gcloud run services remove-iam-policy-binding ${name} --region=${target.region} --member=${first} --role=roles/run.invoker": chỉ tài khoản scheduler và events được gọi các hàm.`,
          ),
        );
      } else if (!members.includes(expected)) {
        results.push(
          fail(
            `Tài khoản ${caller} (${expected.replace('serviceAccount:', '')}) không được gọi hàm ${name}`,
            'Chạy lại "pulumi up" để cấp lại quyền roles/run.invoker cho tài khoản này.',
          ),
        );
      } else {
        results.push(pass(`Hàm ${name} đang chạy, chỉ tài khoản ${caller} được gọi`));
      }
    } catch (error) {
      results.push(unreachable(`Hàm ${name}`, error, target.project));
    }
  }
  return results;
};

export const secretsHaveValues: Check = async ({ target, cloud }) => {
  const results: CheckResult[] = [];
  for (const id of Object.keys(SECRET_ENV)) {
    const secret = `${target.prefix}-${id}`;
    try {
      const count = await cloud.enabledSecretVersions(target.project, secret);
      if (count === undefined) {
        results.push(
          fail(
            `Chưa có bí mật ${secret}`,
            'Chạy "pulumi up" lần đầu trong thư mục infra để tạo bí mật (bước 5 của infra/DEPLOY.md).',
          ),
        );
      } else if (count === 0) {
        results.push(
          fail(
            `Bí mật ${secret} chưa có giá trị`,
            `Thêm giá trị bằng "gcloud secrets versions add ${secret} --data-file=-" (bước 6 của infra/DEPLOY.md).`,
          ),
        );
      } else results.push(pass(`Bí mật ${secret} đã có giá trị`));
    } catch (error) {
      results.push(unreachable(`Bí mật ${secret}`, error, target.project));
    }
  }
  return results;
};

export const topicPublisher: Check = async ({ target, cloud }) => {
  const what = `Quyền đăng của Google Forms lên chủ đề ${target.watchTopic}`;
  try {
    const members = await cloud.topicMembers(target.watchTopic, 'roles/pubsub.publisher');
    if (members.includes(FORMS_PUBLISHER))
      return pass('Google Forms được đăng thông báo lên chủ đề Pub/Sub');
    return fail(
      'Google Forms chưa được đăng thông báo lên chủ đề Pub/Sub (thiếu roles/pubsub.publisher cho forms-notifications@system.gserviceaccount.com)',
      'Chạy lại "pulumi up", và nếu Google từ chối cấp quyền này thì nhờ quản trị viên tổ chức cho phép tài khoản forms-notifications@system.gserviceaccount.com trong chính sách tổ chức iam.allowedPolicyMemberDomains của dự án.',
    );
  } catch (error) {
    return unreachable(what, error, target.project);
  }
};

/** The mail settings the deployed sync function runs with, filled in from the environment. */
async function deployedSmtpEnv(
  d: Parameters<Check>[0],
): Promise<{ env: Record<string, string | undefined> } | { refused: CheckResult }> {
  const { target, cloud, env } = d;
  const sync = await cloud
    .getFunction(target.project, target.region, `${target.prefix}-sync`)
    .catch(() => undefined);
  const merged: Record<string, string | undefined> = {
    ...env,
    ...(sync?.serviceConfig?.environmentVariables ?? {}),
  };
  if (merged.SMTP_USER && !merged.SMTP_PASSWORD) {
    const secret = `${target.prefix}-smtp-password`;
    try {
      merged.SMTP_PASSWORD = await cloud.latestSecretValue(target.project, secret);
    } catch (error) {
      const status = statusOf(error);
      return {
        refused: fail(
          `Không đọc được mật khẩu máy chủ thư trong bí mật ${secret} (${status || 'lỗi'}), nên chưa thử đăng nhập`,
          status === 404
            ? `Thêm giá trị bằng "gcloud secrets versions add ${secret} --data-file=-" (bước 6 của infra/DEPLOY.md).`
            : 'Chạy baocao doctor bằng tài khoản được đọc bí mật này (vai trò Secret Manager Secret Accessor), hoặc đặt SMTP_PASSWORD rồi chạy lại.',
        ),
      };
    }
  }
  return { env: merged };
}

export const smtpSignsIn: Check = async (d) => {
  let config: ReturnType<typeof loadSmtpConfig>;
  try {
    const settings = await deployedSmtpEnv(d);
    if ('refused' in settings) return settings.refused;
    config = loadSmtpConfig(settings.env);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n').slice(1).join('; ') : '';
    return fail(
      `Không đọc được cấu hình máy chủ thư của các hàm (${detail || String(error)})`,
      'Triển khai các hàm ("pulumi up", bước 9 của infra/DEPLOY.md), hoặc đặt SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD và MAIL_FROM như các hàm dùng rồi chạy lại baocao doctor.',
    );
  }
  const server = `${config.SMTP_HOST}:${config.SMTP_PORT}`;
  try {
    await d.verifySmtp(config);
    return pass(
      `Máy chủ thư ${server} trả lời${config.SMTP_USER ? ` và nhận đăng nhập của ${config.SMTP_USER}` : ''} (không gửi thư nào)`,
    );
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'EAUTH') {
      return fail(
        `Máy chủ thư ${server} từ chối đăng nhập của ${config.SMTP_USER ?? ''}`,
        `Tạo mật khẩu ứng dụng mới cho ${config.SMTP_USER ?? 'hộp thư gửi'} và thêm nó bằng "gcloud secrets versions add ${d.target.prefix}-smtp-password --data-file=-" (các hàm đọc bản mới nhất khi khởi động).`,
      );
    }
    return fail(
      `Không kết nối được máy chủ thư ${server} (${code || (error instanceof Error ? error.message : String(error))})`,
      'Kiểm tra baocao:smtpHost, baocao:smtpPort và baocao:smtpSecure (cổng 587 dùng STARTTLS, cổng 465 dùng TLS) rồi chạy lại "pulumi up".',
    );
  }
};

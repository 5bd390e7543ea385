// Doctor's checks of what setup made on Google: the watch, the published form, the functions' shares, the sheet's layout and emails.
import { formatDateTime } from '../../forms/format.ts';
import { LAYOUT_VERSION } from '../../functions/sheet/layout.ts';
import { readSheetState, SheetLayoutError } from '../../functions/sheet/read.ts';
import { WatchOwnerError } from '../watch-owner.ts';
import { type Check, type CheckResult, type DoctorDeps, fail, pass, unreachable } from './check.ts';

/**
 * Asked as the functions' account: Google lists a watch only to the invoker that created it,
 * and that account creates and renews it (renew-watch), so the coordinator would see none.
 */
export const watchAlive: Check = async (d) => {
  const { target, campaign, renewCommand } = d;
  try {
    const watch = await d.ownerWatch(d.formId);
    const at = watch.expireTime
      ? formatDateTime(new Date(watch.expireTime), campaign.timezone)
      : 'không rõ';
    switch (watch.problem) {
      case 'missing':
        return fail(
          'Biểu mẫu không có đăng ký nhận thông báo câu trả lời (watch RESPONSES): câu trả lời chỉ được xử lý theo lượt quét 15 phút',
          `Tạo lại đăng ký bằng: ${renewCommand}.`,
        );
      case 'other-topic':
        return fail(
          `Đăng ký nhận thông báo (watch) gửi tới ${watch.topicName || '(không rõ)'} thay vì ${target.watchTopic}`,
          `Tạo lại đăng ký trên đúng chủ đề bằng: ${renewCommand}.`,
        );
      case 'not-active':
        return fail(
          `Đăng ký nhận thông báo (watch) đang ở trạng thái ${watch.state ?? 'không rõ'}${watch.errorType ? ` (${watch.errorType})` : ''}: Google ngừng gửi thông báo`,
          `Kiểm tra quyền đăng của Google Forms lên chủ đề (dòng ở trên) rồi tạo lại đăng ký bằng: ${renewCommand}.`,
        );
      case 'expiring':
        return fail(
          `Đăng ký nhận thông báo (watch) hết hạn lúc ${at}, còn dưới 6 ngày: việc gia hạn hằng ngày đã không chạy`,
          `Xem nhật ký hàm ${target.prefix}-renew-watch rồi gia hạn ngay bằng: ${renewCommand}.`,
        );
      default:
        return pass(`Đăng ký nhận thông báo câu trả lời (watch) đang hoạt động, hết hạn lúc ${at}`);
    }
  } catch (error) {
    if (error instanceof WatchOwnerError) {
      return fail(
        'Đăng ký nhận thông báo (watch): không hỏi được tài khoản của các hàm',
        error.message,
      );
    }
    return unreachable('Đăng ký nhận thông báo (watch)', error, target.project);
  }
};

export const formAnswers: Check = async (d) => {
  try {
    const form = (await d.google.forms.forms.get({ formId: d.formId })).data;
    // Forms older than publish settings have none, and are always published.
    const state = form.publishSettings?.publishState;
    if (state && (!state.isPublished || !state.isAcceptingResponses)) {
      return fail(
        state.isPublished
          ? 'Biểu mẫu đã xuất bản nhưng đang đóng, không nhận câu trả lời'
          : 'Biểu mẫu chưa được xuất bản',
        'Chạy "baocao setup" để xuất bản lại biểu mẫu và mở nhận câu trả lời.',
      );
    }
    const uri = form.responderUri ?? '';
    // A Workspace that keeps forms inside the organisation answers with a redirect to sign-in.
    const answer = await d.fetch(uri, { redirect: 'manual' });
    await answer.body?.cancel();
    if (answer.status !== 200) {
      return fail(
        `Đường link của biểu mẫu trả lời ${answer.status} thay vì mở biểu mẫu`,
        `Mở ${uri} trong cửa sổ ẩn danh, và nếu Google đòi đăng nhập thì nhờ quản trị viên Google Workspace cho phép chia sẻ biểu mẫu ra ngoài tổ chức rồi chạy lại "baocao setup".`,
      );
    }
    return pass('Biểu mẫu đã xuất bản, đang nhận câu trả lời, đường link mở được');
  } catch (error) {
    return unreachable('Biểu mẫu', error, d.target.project);
  }
};

const EDITS = new Set(['owner', 'organizer', 'fileOrganizer', 'writer']);

async function canEdit(d: DoctorDeps, fileId: string): Promise<boolean> {
  const list = await d.drive.permissions.list({
    fileId,
    fields: 'permissions(id,type,role,emailAddress)',
  });
  const account = d.target.functionsAccount.toLowerCase();
  return (list.data.permissions ?? []).some(
    (p) => p.emailAddress?.toLowerCase() === account && EDITS.has(p.role ?? ''),
  );
}

export const functionsCanEdit: Check = async (d) => {
  const account = d.target.functionsAccount;
  const files = [
    { id: d.formId, name: 'biểu mẫu', where: 'Mở biểu mẫu › Thêm cộng tác viên' },
    { id: d.spreadsheetId, name: 'bảng tổng hợp', where: 'Mở bảng tổng hợp › Chia sẻ' },
  ];
  const results: CheckResult[] = [];
  for (const f of files) {
    try {
      results.push(
        (await canEdit(d, f.id))
          ? pass(`Tài khoản của các hàm được sửa ${f.name}`)
          : fail(
              `Tài khoản của các hàm (${account}) không được sửa ${f.name}`,
              `${f.where}, thêm ${account} với quyền Người chỉnh sửa (nếu Google Workspace chặn chia sẻ ra ngoài tổ chức, nhờ quản trị viên cho phép).`,
            ),
      );
    } catch (error) {
      results.push(unreachable(`Quyền sửa ${f.name}`, error, d.target.project));
    }
  }
  return results;
};

/** The layout version and the units' emails come from the one read sync makes. */
export const sheetReadable: Check = async (d) => {
  try {
    const live = await readSheetState(d.google, d.spreadsheetId, d.campaign, d.calls);
    const without = live.campaign.units.filter((u) => u.emails.length === 0);
    const version = live.state.system.layoutVersion.value;
    return [
      version === String(LAYOUT_VERSION)
        ? pass(`Bảng tổng hợp ở bố cục phiên bản ${LAYOUT_VERSION}, đúng với phần mềm`)
        : fail(
            `Bảng tổng hợp ở bố cục phiên bản ${version}: vẫn đồng bộ được, nhưng chưa được nâng cấp lên bố cục ${LAYOUT_VERSION} (phiên bản phần mềm cũ vẫn có thể ghi vào bảng)`,
            'Chạy "baocao setup" để nâng cấp bảng tại chỗ (giữ nguyên số liệu và những gì người tổng hợp đã nhập).',
          ),
      without.length === 0
        ? pass(`Cả ${live.campaign.units.length} đơn vị đều có email nhận thư`)
        : fail(
            `${without.length} đơn vị chưa có email nên không nhận được biên nhận và nhắc nhở: ${without.map((u) => u.name).join('; ')}`,
            'Nhập email cho các đơn vị này ở cột «Email nhận thư» của trang «Tiến độ» (nhiều địa chỉ cách nhau bằng dấu phẩy).',
          ),
    ];
  } catch (error) {
    if (error instanceof SheetLayoutError) {
      const older = Number(error.found) < LAYOUT_VERSION;
      return [
        fail(
          `Bảng tổng hợp ở bố cục phiên bản "${error.found}", phần mềm cần phiên bản ${LAYOUT_VERSION}`,
          older
            ? 'Chạy "baocao setup" để nâng cấp bảng tại chỗ (giữ nguyên số liệu và những gì người tổng hợp đã nhập).'
            : 'Triển khai đúng phiên bản phần mềm đã tạo bảng này (bảng mới hơn phần mềm đang chạy).',
        ),
      ];
    }
    return [unreachable('Bảng tổng hợp', error, d.target.project)];
  }
};

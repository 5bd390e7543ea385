// What each OAuth 2.0 error (RFC 6749 §4.1.2.1, §5.2, as Google sends them) means for the coordinator, in Vietnamese.

/** When the error came: on the consent page's redirect, exchanging the code, or refreshing later. */
export type OAuthMoment = 'consent' | 'exchange' | 'use';

const WRONG_CLIENT =
  'Google không nhận ứng dụng OAuth của baocao (BAOCAO_OAUTH_CLIENT_ID hoặc BAOCAO_OAUTH_CLIENT_SECRET sai, hoặc ứng dụng đã bị xóa trong Google Cloud console). Hãy hỏi người quản trị hai giá trị đúng (APIs & Services › Credentials, ứng dụng loại "Desktop app" trong dự án của hệ thống), đặt lại rồi chạy baocao login.';

const EXPIRED =
  'phiên đăng nhập Google đã hết hạn hoặc đã bị thu hồi. Hãy chạy baocao login để đăng nhập lại. Nếu việc này lặp lại khoảng 7 ngày một lần, màn hình đồng ý OAuth của dự án đang ở trạng thái "Testing" (Google cho phiên đăng nhập hết hạn sau 7 ngày): người quản trị cần vào Google Auth Platform › Audience và bấm "Publish app" (chuyển sang "In production").';

/** A Vietnamese sentence for an OAuth error code, saying what to do next. */
export function explainOAuthError(code: string, moment: OAuthMoment): string {
  switch (code) {
    case 'access_denied':
      return 'bạn đã bấm "Từ chối" (hoặc tài khoản không được phép dùng ứng dụng) nên baocao chưa có quyền truy cập. Hãy chạy lại baocao login và bấm "Cho phép". Nếu Google báo "Access blocked" hoặc "access_denied", tài khoản chưa có trong danh sách Test users của màn hình đồng ý: nhờ người quản trị thêm vào, hoặc xuất bản (Publish app).';
    case 'invalid_client':
    case 'unauthorized_client':
    case 'deleted_client':
      return WRONG_CLIENT;
    case 'redirect_uri_mismatch':
      return 'ứng dụng OAuth không phải loại "Desktop app" (Ứng dụng dành cho máy tính) nên Google không cho quay về máy này. Người quản trị cần tạo ứng dụng OAuth loại "Desktop app" và đưa lại BAOCAO_OAUTH_CLIENT_ID, BAOCAO_OAUTH_CLIENT_SECRET.';
    case 'invalid_scope':
      return 'Google không nhận danh sách quyền mà baocao xin; hãy kiểm tra màn hình đồng ý (Data access) có đủ các quyền trong infra/DEPLOY.md.';
    case 'invalid_grant':
      return moment === 'exchange'
        ? 'Google không nhận mã đăng nhập vừa cấp (invalid_grant: mã đã dùng, đã hết hạn hoặc không khớp). Hãy chạy lại baocao login.'
        : EXPIRED;
    default:
      return `Google từ chối đăng nhập (${code}). Hãy chạy lại baocao login; nếu vẫn lỗi, báo người quản trị mã lỗi này.`;
  }
}

/**
 * The OAuth error code in a failed token request (gaxios puts the endpoint's JSON answer in
 * `response.data`), also when the Google caller wrapped it as the cause of its own error; an
 * API's own error has an object there, not a code.
 */
export function oauthErrorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    const data = (e as { response?: { data?: unknown } }).response?.data;
    const code =
      typeof data === 'object' && data !== null ? (data as { error?: unknown }).error : undefined;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

// The campaign file's format as a JSON Schema, generated from the zod schema, for editors' completion and checking (`baocao schema`).
import * as z from 'zod/mini';
import { campaignObject } from './schema.ts';

/**
 * What an editor shows on hovering a field, in the coordinator's language. Kept here, not in
 * schema.ts, so the deployed functions (which load schema.ts) carry none of it; a path that
 * no longer exists in the schema fails `campaignJsonSchema` (and its test).
 */
const DESCRIPTIONS: Record<string, string> = {
  id: 'Mã đợt: chữ thường không dấu, chữ số và "-", trùng tên thư mục (ví dụ q7-htsd-2021).',
  title: 'Tên đợt báo cáo, như trong kế hoạch.',
  plan: 'Kế hoạch đã ký mà báo cáo thực hiện.',
  'plan.number': 'Số kế hoạch, ví dụ "4595/KH-UBND".',
  'plan.date': 'Ngày ký kế hoạch, dạng "YYYY-MM-DD".',
  'plan.issuerHeader': 'Dòng đầu của bảng chính thức, ví dụ "ỦY BAN NHÂN DÂN QUẬN 7".',
  report: 'Tiêu đề của bảng tổng hợp chính thức.',
  document: 'Phần đầu và chữ ký của bảng in (Nghị định 30/2020/NĐ-CP).',
  table: 'Các cột số lượng của bảng chính thức, giữa cột "Đơn vị" và "Ghi chú".',
  'table.columns[].header': 'Tiêu đề cột như in, ví dụ "Số lớp/số cuộc thi", "Người".',
  'table.columns[].group': 'Tiêu đề chung in một lần trên các cột liền nhau, ví dụ "Số lượng".',
  'table.columns[].short':
    'Tên cột trong thư biên nhận, thư tổng hợp (bảng một dòng tiêu đề); không có thì dùng header.',
  'table.columns[].kinds': 'Loại chỉ số cột này in: count, people, amount; mỗi loại chỉ ở một cột.',
  timezone: 'Múi giờ của hạn nộp và nhắc nhở: "Asia/Ho_Chi_Minh".',
  period: 'Thời gian diễn ra hoạt động được báo cáo ("YYYY-MM-DD").',
  deadline:
    'Hạn nộp: một ngày ("2021-10-08", hết ngày đó) hoặc ngày giờ ("2021-10-08T17:00", hết phút đó).',
  lockAt: 'Sau thời điểm này báo cáo nộp trễ bị từ chối (không có: nhận và đánh dấu nộp trễ).',
  reminders: 'Các mốc nhắc nhở đơn vị chưa nộp.',
  'reminders[].offsetDays':
    'Số ngày so với ngày hạn nộp: -2 là hai ngày trước, 0 là chính ngày hạn.',
  'reminders[].time': 'Giờ gửi, dạng "HH:mm" (trong dấu nháy).',
  'reminders[].repeatDailyForDays':
    'Nhắc lại mỗi ngày, nhiều nhất chừng này ngày, khi còn đơn vị quá hạn.',
  coordinator: 'Người tổng hợp: tên cơ quan và địa chỉ thư nhận cảnh báo, thư tổng hợp.',
  sections: 'Các mục của bảng phụ lục; mỗi mục mở đầu bằng câu hỏi Có/Không trên biểu mẫu.',
  'sections[].id': 'Mã mục, trong dấu nháy: "1", "10".',
  'sections[].title': 'Tên ngắn của mục, dùng trong thư và tiêu đề phần của biểu mẫu.',
  'sections[].question':
    'Câu hỏi Có/Không mở đầu mục; "Không" nghĩa là mọi số liệu của mục bằng 0.',
  'sections[].note': 'Biểu mẫu có hỏi ghi chú cho mục không (cột Ghi chú); mặc định có.',
  'sections[].rows': 'Các dòng của mục, theo đúng thứ tự trong bảng.',
  'sections[].rows[].id': 'Mã dòng, trong dấu nháy, bắt đầu bằng mã mục: "1.3", "10.2".',
  'sections[].rows[].stt': 'STT như in trong bảng; dòng con để "".',
  'sections[].rows[].label': 'Nội dung dòng, như in trong bảng.',
  'sections[].rows[].unit': 'Đơn vị tính như in ("lớp/người", "đồng"); "" nếu không có.',
  'sections[].rows[].computed':
    'true khi mọi chỉ số của dòng là tổng của dòng khác (sumOf): biểu mẫu không hỏi.',
  'sections[].rows[].measures': 'Các số liệu của dòng (nhiều nhất 3, mỗi loại một).',
  'sections[].rows[].measures[].kind':
    'count: số lớp, số cuộc, số quyển…; people: số người; amount: số tiền (đồng); text: nội dung chữ.',
  'sections[].rows[].measures[].label': 'Nhãn ngắn trên biểu mẫu và bảng tính, ví dụ "Số lớp".',
  'sections[].rows[].measures[].sumOf':
    'Dòng tính tổng: mã các chỉ số được cộng, ví dụ "1.1.count".',
  'sections[].rows[].measures[].aggregate':
    'sum: cộng số của các đơn vị (mặc định); district: người tổng hợp nhập một lần cho cả địa bàn; count-yes: đếm đơn vị trả lời "Có".',
  rules: 'Quy tắc kiểm tra mỗi báo cáo: error trả lại, warning nhận và đánh dấu.',
  'rules[].row': 'Dòng mà thông báo nói tới.',
  'rules[].message':
    'Thông báo cho đơn vị; {row} là tên dòng, {value:<mã chỉ số>} là số đơn vị đã nhập.',
  groups: 'Nhóm đơn vị (cột "group" của units.csv), ví dụ phuong, co-so-giao-duc.',
  previous:
    'Số liệu đợt trước của từng đơn vị, do "baocao previous --from <CSV của đợt trước>" ghi; biên nhận in cạnh số liệu năm nay.',
  'previous.title': 'Tên đợt trước trong biên nhận, ví dụ "năm 2021".',
  'previous.figures':
    'Theo mã đơn vị hiện nay, rồi mã chỉ số: { tan-phong: { "1.2.people": 150 } }; đơn vị sáp nhập đã được cộng vào đơn vị mới.',
};

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  description?: string;
};

function describeAt(root: JsonSchema, path: string, description: string): void {
  let node: JsonSchema | undefined = root;
  for (const part of path.split('.')) {
    const list = part.endsWith('[]');
    node = node?.properties?.[list ? part.slice(0, -2) : part];
    if (list) node = node?.items;
  }
  if (!node) throw new Error(`campaign JSON Schema has no field ${path}`);
  node.description = description;
}

/**
 * What a file may hold: the definition without its units (units.csv beside it). Cross-field
 * checks (ids unique, references known) are not expressible here; loading the file makes them.
 */
export function campaignJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(z.omit(campaignObject, { units: true }), { io: 'input' });
  for (const [path, description] of Object.entries(DESCRIPTIONS))
    describeAt(schema as JsonSchema, path, description);
  return {
    ...schema,
    title: 'Đợt báo cáo baocao (campaigns/<mã đợt>/campaign.yaml)',
    description:
      'Định nghĩa một đợt báo cáo: kế hoạch, bảng phụ lục (mục, dòng, chỉ số), quy tắc kiểm tra, nhắc nhở. Danh sách đơn vị nằm ở units.csv bên cạnh.',
  };
}

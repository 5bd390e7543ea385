// Quận 7's 2021 lifelong-learning week (Kế hoạch 4595/KH-UBND): its appendix table as data.

import {
  countPeopleRules,
  plausibleMaxRules,
  sectionAnsweredYesRules,
} from '../../forms/rule-kit.ts';
import type { CampaignInput, Row } from '../../forms/schema.ts';

type RowInput = CampaignInput['sections'][number]['rows'][number];

/** A sub-row with a count of classes/contests and the number of people taking part. */
const countPeople = (id: string, label: string, unit: string, countLabel: string): RowInput => ({
  id,
  stt: '',
  label,
  unit,
  measures: [
    { kind: 'count', label: countLabel },
    { kind: 'people', label: 'Số người' },
  ],
});

const single = (
  id: string,
  stt: string,
  label: string,
  unit: string,
  kind: 'count' | 'people' | 'amount',
  measureLabel: string,
): RowInput => ({ id, stt, label, unit, measures: [{ kind, label: measureLabel }] });

const heading = (id: string, label: string): RowInput => ({ id, stt: id, label, unit: '' });

const TRAINING: [string, string][] = [
  [
    '1.1',
    'Bồi dưỡng nâng cao trình độ chuyên môn nghiệp vụ cho cán bộ, công chức, viên chức (các cấp)',
  ],
  ['1.2', 'Bồi dưỡng nâng cao trình độ ngoại ngữ cho cán bộ, công chức, viên chức (các cấp)'],
  ['1.3', 'Bồi dưỡng nâng cao trình độ tin học cho cán bộ, công chức, viên chức (các cấp)'],
  ['1.4', 'Bồi dưỡng nâng cao tay nghề cho công nhân lao động'],
  ['1.5', 'Học nghề cho lao động nông thôn'],
  [
    '1.6',
    'Nâng cao trình độ văn hóa cho cán bộ công chức cấp xã, người lao động trong các khu công nghiệp, khu chế xuất',
  ],
  ['1.7', 'Giáo dục kỹ năng sống cho học sinh'],
  ['1.8', 'Phổ biến kiến thức khoa học, kiến thức pháp luật cho người lao động'],
  ['1.9', 'Bồi dưỡng thường xuyên cho giáo viên'],
  ['1.10', 'Bồi dưỡng, tập huấn cho cán bộ quản lý, báo cáo viên TTHTCĐ'],
  ['1.11', 'Phổ cập giáo dục (tiểu học, THCS)'],
  ['1.12', 'Xóa mù chữ'],
  ['1.13', 'Các lớp bồi dưỡng, tập huấn khác'],
];
const trainingRows = TRAINING.map(([id, label]) => countPeople(id, label, 'lớp/người', 'Số lớp'));

const contestRows: RowInput[] = [
  single('5.1', '', 'Hội sách, đường sách, phố sách', 'Số cuộc', 'count', 'Số cuộc'),
  single('5.2', '', 'Trưng bày, triển lãm sách báo, tư liệu', 'Số cuộc', 'count', 'Số cuộc'),
  countPeople(
    '5.3',
    'Thi tìm hiểu, học tập lịch sử, văn hóa địa phương tại các bảo tàng, di tích',
    'Số cuộc/người',
    'Số cuộc',
  ),
  countPeople(
    '5.4',
    'Thi vẽ sách (xếp sách nghệ thuật; vẽ tranh theo sách; tìm hiểu kiến thức qua sách báo; thiếu nhi kể chuyện theo sách; viết cảm nhận qua việc đọc sách)',
    'Số cuộc/người',
    'Số cuộc',
  ),
  countPeople('5.5', 'Sinh hoạt chuyên đề HTSD, xây dựng XHHT', 'Số cuộc/người', 'Số cuộc'),
];

const cultureRows: RowInput[] = [
  countPeople('6.1', 'Hoạt động thể dục thể thao', 'Số cuộc/người', 'Số cuộc'),
  countPeople('6.2', 'Hoạt động văn nghệ', 'Số cuộc/người', 'Số cuộc'),
  countPeople(
    '6.3',
    'Thăm quan, học tập tại bảo tàng, di tích lịch sử',
    'Số cuộc/người',
    'Số cuộc',
  ),
];

const fundingRows: RowInput[] = [
  single('10.1', '', 'Ngân sách nhà nước', 'đồng', 'amount', 'Số tiền (đồng)'),
  single(
    '10.2',
    '',
    'Kinh phí hỗ trợ, huy động từ các nguồn hợp pháp khác (nếu có)',
    'đồng',
    'amount',
    'Số tiền (đồng)',
  ),
];

const sumOf = (rows: RowInput[], kind: 'count' | 'people' | 'amount') =>
  rows.filter((r) => r.measures?.some((m) => m.kind === kind)).map((r) => `${r.id}.${kind}`);

const sections: CampaignInput['sections'] = [
  {
    id: '1',
    title: 'Các lớp bồi dưỡng, tập huấn',
    question: 'Đơn vị có tổ chức các lớp bồi dưỡng, tập huấn trong Tuần lễ không?',
    rows: [
      {
        id: '1',
        stt: '1',
        label: 'Các lớp bồi dưỡng, tập huấn tổ chức trong Tuần lễ',
        unit: 'lớp',
        computed: true,
        measures: [{ kind: 'count', label: 'Số lớp', sumOf: sumOf(trainingRows, 'count') }],
      },
      {
        id: '1.0',
        stt: '',
        label: 'Tổng số người tham gia, trong đó:',
        unit: 'người',
        computed: true,
        measures: [{ kind: 'people', label: 'Số người', sumOf: sumOf(trainingRows, 'people') }],
      },
      ...trainingRows,
    ],
  },
  {
    id: '2',
    title: 'Tin bài về Tuần lễ',
    question: 'Đơn vị có đưa tin, bài về các hoạt động của Tuần lễ không?',
    rows: [
      single(
        '2',
        '2',
        'Số tin bài về các hoạt động của Tuần lễ',
        'Tin, bài/ cuộc',
        'count',
        'Số tin, bài',
      ),
    ],
  },
  {
    id: '3',
    title: 'Ấn phẩm thông tin',
    question:
      'Đơn vị có phát hành ấn phẩm thông tin (tờ rơi, áp phích, băng rôn, khẩu hiệu) không?',
    rows: [
      single(
        '3',
        '3',
        'Ấn phẩm thông tin (tờ rơi, áp phích, băng rôn, khẩu hiệu)',
        'quyển/ tờ',
        'count',
        'Số quyển, tờ',
      ),
    ],
  },
  {
    id: '4',
    title: 'Quyên góp sách',
    question:
      'Đơn vị có phát động phong trào, tổ chức quyên góp sách xây dựng tủ sách lớp học, thư viện trường học không?',
    rows: [
      heading(
        '4',
        'Phát động phong trào và tổ chức quyên góp sách giúp xây dựng tủ sách lớp học, xây dựng thư viện trường học',
      ),
      single(
        '4.1',
        '',
        'Số tập thể/ cá nhân tặng sách',
        'Tập thể/cá nhân',
        'count',
        'Số tập thể, cá nhân',
      ),
      single(
        '4.2',
        '',
        'Số sách đã huy động tặng các trường học, thư viện',
        'Quyển',
        'count',
        'Số quyển',
      ),
    ],
  },
  {
    id: '5',
    title: 'Cuộc thi, tọa đàm về khuyến đọc, khuyến học',
    question:
      'Đơn vị có tổ chức các cuộc thi, các buổi tọa đàm về khuyến đọc, khuyến học và xây dựng xã hội học tập không?',
    rows: [
      {
        id: '5',
        stt: '5',
        label: 'Tổ chức các cuộc thi, các buổi tọa đàm về khuyến đọc, khuyến học và xây dựng XHHT',
        unit: 'Số cuộc',
        computed: true,
        measures: [{ kind: 'count', label: 'Số cuộc', sumOf: sumOf(contestRows, 'count') }],
      },
      ...contestRows,
    ],
  },
  {
    id: '6',
    title: 'Văn nghệ, thể thao, thăm quan',
    question:
      'Đơn vị có tổ chức hoạt động văn nghệ, thể thao, thăm quan, sinh hoạt chuyên đề không?',
    rows: [
      {
        id: '6',
        stt: '6',
        label: 'Tổ chức hoạt động văn nghệ, thể thao, thăm quan, sinh hoạt chuyên đề',
        unit: 'Số cuộc',
        computed: true,
        measures: [{ kind: 'count', label: 'Số cuộc', sumOf: sumOf(cultureRows, 'count') }],
      },
      ...cultureRows,
    ],
  },
  {
    id: '7',
    title: 'Lễ khai mạc Tuần lễ',
    question: 'Đơn vị có tổ chức Lễ khai mạc Tuần lễ không?',
    rows: [
      heading('7', 'Tổ chức Lễ khai mạc Tuần lễ'),
      // The district's own ceremony: Phòng GD&ĐT enters it once; a ward's "1" would add one per ward.
      {
        id: '7.1',
        stt: '',
        label: 'Số huyện tổ chức Lễ khai mạc Tuần lễ',
        unit: 'Huyện',
        measures: [{ kind: 'count', label: 'Số huyện', aggregate: 'district' }],
      },
      single(
        '7.2',
        '',
        'Số cơ sở giáo dục tổ chức Lễ khai mạc Tuần lễ',
        'Trường/trung tâm',
        'count',
        'Số trường, trung tâm',
      ),
    ],
  },
  {
    id: '8',
    title: 'Hội thảo, sinh hoạt chuyên đề',
    question: 'Đơn vị có tổ chức hội thảo, sinh hoạt chuyên đề không?',
    rows: [single('8', '8', 'Tổ chức hội thảo/sinh hoạt chuyên đề', 'cuộc', 'count', 'Số cuộc')],
  },
  {
    id: '9',
    title: 'Khen thưởng',
    question: 'Đơn vị có khen thưởng về tổ chức Tuần lễ không?',
    rows: [
      heading('9', 'Khen thưởng về tổ chức Tuần lễ'),
      single('9.1', '', 'Tập thể', 'Đơn vị', 'count', 'Số tập thể'),
      single('9.2', '', 'Cá nhân', 'Người', 'people', 'Số cá nhân'),
    ],
  },
  {
    id: '10',
    title: 'Kinh phí',
    question: 'Đơn vị có sử dụng kinh phí cho các hoạt động của Tuần lễ không?',
    rows: [
      {
        id: '10',
        stt: '10',
        label: 'Kinh phí',
        unit: '',
        computed: true,
        measures: [
          { kind: 'amount', label: 'Tổng kinh phí (đồng)', sumOf: sumOf(fundingRows, 'amount') },
        ],
      },
      ...fundingRows,
    ],
  },
  {
    id: '11',
    title: 'Các nội dung khác',
    question: 'Đơn vị có nội dung khác cần báo cáo không?',
    note: false,
    rows: [
      {
        id: '11',
        stt: '11',
        label: 'Các nội dung khác (nếu có)',
        unit: '',
        measures: [{ kind: 'text', label: 'Nội dung' }],
      },
    ],
  },
];

/** Above these one unit's weekly figure is accepted but flagged: most likely a typing slip. */
const PLAUSIBLE_MAX: Record<string, number> = {
  '1.*.count': 100,
  '1.*.people': 20_000,
  '2.count': 500,
  '3.count': 50_000,
  '4.1.count': 5_000,
  '4.2.count': 100_000,
  '5.*.count': 50,
  '5.*.people': 20_000,
  '6.*.count': 50,
  '6.*.people': 20_000,
  '7.2.count': 100,
  '8.count': 50,
  '9.1.count': 100,
  '9.2.people': 1_000,
  '10.*.amount': 500_000_000,
};

const allRows = sections.flatMap((s) => s.rows) as Row[];

export const definition: Omit<CampaignInput, 'units'> = {
  id: 'q7-htsd-2021',
  title: 'Tuần lễ hưởng ứng học tập suốt đời năm 2021',
  plan: {
    number: '4595/KH-UBND',
    date: '2021-10-01',
    issuer: 'Ủy ban nhân dân Quận 7',
    issuerHeader: 'ỦY BAN NHÂN DÂN QUẬN 7',
  },
  report: {
    title: 'TỔNG HỢP SỐ LIỆU KẾT QUẢ TỔ CHỨC',
    subtitle: '“TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2021”',
    attachedTo: '(Kèm theo báo cáo kết quả tổ chức Tuần lễ)',
  },
  // The plan has units report through Phòng GD&ĐT, which compiles the district's table.
  document: {
    office: 'PHÒNG GIÁO DỤC VÀ ĐÀO TẠO',
    place: 'Quận 7',
    signer: { title: 'TRƯỞNG PHÒNG' },
    unitSigner: { title: 'THỦ TRƯỞNG ĐƠN VỊ' },
  },
  timezone: 'Asia/Ho_Chi_Minh',
  period: { start: '2021-10-01', end: '2021-10-07' },
  deadline: '2021-10-08',
  reminders: [
    { id: 'truoc-han-2-ngay', offsetDays: -2, time: '08:00' },
    { id: 'sang-ngay-het-han', offsetDays: 0, time: '07:30' },
    { id: 'qua-han', offsetDays: 1, time: '08:00', repeatDailyForDays: 7 },
  ],
  coordinator: { name: 'Phòng Giáo dục và Đào tạo Quận 7', emails: ['pgd7@moet.edu.vn'] },
  sections,
  rules: [
    ...countPeopleRules(allRows),
    ...plausibleMaxRules(allRows, PLAUSIBLE_MAX),
    ...sectionAnsweredYesRules(sections),
  ],
  groups: [
    { id: 'phuong', label: 'UBND phường' },
    { id: 'phong-ban', label: 'Phòng, ban, đơn vị thuộc quận' },
    { id: 'co-so-giao-duc', label: 'Cơ sở giáo dục' },
    { id: 'doan-the', label: 'Mặt trận, đoàn thể, hội' },
  ],
};

// Turns a unit's raw answers (strings, as Google Forms returns them) into a typed report.
import { type Campaign, type Measure, rowName } from '../../forms/campaign.ts';
import { isUsableEmail } from '../../forms/email.ts';
import { formatNumber } from '../../forms/format.ts';
import { noteId } from '../../forms/schema.ts';
import { charCount, cutText } from '../../forms/text.ts';
import {
  HARD_LIMIT,
  HARD_LIMIT_REASON,
  type NumericKind,
  normalizeTyped,
  parseVietnameseNumber,
} from './numbers.ts';

/** Raw answers keyed by what they mean; the Forms adapter maps question ids to these keys. */
export interface RawSubmission {
  /** Section id → the Có/Không answer opening that section. */
  activities: Readonly<Record<string, string | undefined>>;
  /** Measure id ("1.3.people") or section note id ("1.note") → the text typed. */
  answers: Readonly<Record<string, string | undefined>>;
  contact?: {
    name?: string | undefined;
    position?: string | undefined;
    phone?: string | undefined;
    email?: string | undefined;
  };
  albumUrl?: string | undefined;
}

export interface Contact {
  name: string;
  position: string;
  phone: string;
  /** A usable address for the receipt, or null when none (or an invalid one) was given. */
  email: string | null;
}

export interface UnitReport {
  /** Section id → true ("Có"), false ("Không"). */
  activities: Record<string, boolean>;
  /** Asked numeric measure id → value; null means left blank in a section answered "Có". */
  values: Record<string, number | null>;
  /** Text measure ids and section notes ("1.note") → text; absent when blank. */
  texts: Record<string, string>;
  contact: Contact;
  albumUrl: string | null;
}

export interface Finding {
  severity: 'error' | 'warning';
  code: string;
  /** Vietnamese, naming the row and what to fix. */
  message: string;
  rowId?: string;
  measureId?: string;
  ruleId?: string;
}

export interface ParseResult {
  report: UnitReport;
  findings: Finding[];
  /** Answer keys the campaign does not ask (computed or unknown); logged, never counted. */
  ignored: string[];
}

export const MAX_TEXT_LENGTH = 5000;
export const MAX_CONTACT_LENGTH = 200;

const YES = new Set(['có', 'co', 'yes', 'x']);
const NO = new Set(['không', 'khong', 'no']);

/** Keeps line breaks and tabs; drops other control characters and invisible marks. */
export function cleanText(raw: string): string {
  return (
    raw
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F\u200B-\u200D\u2060\uFEFF]/g, '')
      .trim()
  );
}

function unitWords(measure: Measure): string[] {
  return measure.row.unit.split(/[\s/,]+/).filter(Boolean);
}

export function parseSubmission(campaign: Campaign, raw: RawSubmission): ParseResult {
  const findings: Finding[] = [];
  const report: UnitReport = {
    activities: {},
    values: {},
    texts: {},
    contact: parseContact(raw.contact ?? {}, findings),
    albumUrl: parseAlbumUrl(raw.albumUrl, findings),
  };
  const known = new Set<string>();

  for (const section of campaign.sections) {
    const measures = campaign.askedMeasures.filter((m) => m.section.id === section.id);
    const keys = [...measures.map((m) => m.id), ...(section.note ? [noteId(section.id)] : [])];
    for (const k of keys) known.add(k);
    const answered = keys.filter((k) => cleanText(raw.answers[k] ?? '') !== '');
    const gate = normalizeTyped(raw.activities[section.id] ?? '');
    const title = `Mục ${section.id} «${section.title}»`;

    let did: boolean;
    if (YES.has(gate)) did = true;
    else if (NO.has(gate)) did = false;
    else if (gate === '' && answered.length > 0) did = true;
    else {
      findings.push({
        severity: 'error',
        code: 'activity-unanswered',
        rowId: section.rows[0]?.id ?? section.id,
        message:
          gate === ''
            ? `${title}: chưa chọn "Có" hoặc "Không". Hãy chọn "Không" nếu đơn vị không tổ chức hoạt động này.`
            : `${title}: câu trả lời "${cutText(gate, 40)}" không hợp lệ; hãy chọn "Có" hoặc "Không".`,
      });
      did = false;
    }
    report.activities[section.id] = did;
    for (const m of campaign.unitMeasures) {
      if (m.aggregate === 'count-yes' && m.section.id === section.id)
        report.values[m.id] = did ? 1 : 0;
    }

    if (!did) {
      for (const m of measures) if (m.kind !== 'text') report.values[m.id] = 0;
      if (gate !== '' && answered.length > 0) {
        findings.push({
          severity: 'warning',
          code: 'answers-in-skipped-section',
          rowId: section.rows[0]?.id ?? section.id,
          message: `${title}: đơn vị chọn "Không" nên ${answered.length} số liệu đã nhập trong mục này không được tính. Nếu đơn vị có tổ chức, hãy sửa thành "Có".`,
        });
      }
      continue;
    }

    for (const m of measures) {
      const typed = raw.answers[m.id] ?? '';
      if (m.kind === 'text') {
        const text = parseText(typed, `${rowName(m.row)}`, m.id, findings);
        if (text) report.texts[m.id] = text;
        continue;
      }
      const kind = m.kind as NumericKind;
      const parsed = parseVietnameseNumber(typed, kind, unitWords(m));
      if (parsed.ok && parsed.value !== null && parsed.value > HARD_LIMIT[kind]) {
        report.values[m.id] = null;
        findings.push({
          severity: 'error',
          code: 'number-beyond-limit',
          rowId: m.row.id,
          measureId: m.id,
          message: `${rowName(m.row)}, ${m.label.toLowerCase()}: ${formatNumber(parsed.value)} vượt quá giới hạn ${formatNumber(HARD_LIMIT[kind])} (${HARD_LIMIT_REASON[kind]}) nên không thể là số liệu của đơn vị. Hãy kiểm tra xem có gõ thừa số 0 không.`,
        });
      } else if (parsed.ok) report.values[m.id] = parsed.value;
      else {
        report.values[m.id] = null;
        findings.push({
          severity: 'error',
          code: `number-${parsed.problem}`,
          rowId: m.row.id,
          measureId: m.id,
          message: `${rowName(m.row)}, ${m.label.toLowerCase()}: ${parsed.message}`,
        });
      }
    }
    if (section.note) {
      const note = parseText(
        raw.answers[noteId(section.id)] ?? '',
        `${title}, ghi chú`,
        noteId(section.id),
        findings,
      );
      if (note) report.texts[noteId(section.id)] = note;
    }
  }

  const ignored = Object.keys(raw.answers).filter((k) => !known.has(k));
  return { report, findings, ignored };
}

function parseText(typed: string, where: string, id: string, findings: Finding[]): string {
  const text = cleanText(typed);
  if (charCount(text) > MAX_TEXT_LENGTH) {
    findings.push({
      severity: 'error',
      code: 'text-too-long',
      measureId: id,
      message: `${where}: nội dung dài ${charCount(text).toLocaleString('vi-VN')} ký tự, vượt quá ${MAX_TEXT_LENGTH.toLocaleString('vi-VN')} ký tự. Hãy rút gọn, hoặc đưa chi tiết vào album hình ảnh/tài liệu.`,
    });
    return '';
  }
  return text;
}

function parseContact(raw: NonNullable<RawSubmission['contact']>, findings: Finding[]): Contact {
  const field = (value: string | undefined, label: string) => {
    const text = cleanText(value ?? '').replace(/\s+/g, ' ');
    if (charCount(text) <= MAX_CONTACT_LENGTH) return text;
    findings.push({
      severity: 'error',
      code: 'contact-too-long',
      message: `Thông tin đơn vị, ${label}: dài quá ${MAX_CONTACT_LENGTH} ký tự. Hãy nhập ngắn gọn.`,
    });
    return '';
  };
  const email = cleanText(raw.email ?? '');
  let usable: string | null = null;
  if (email !== '') {
    if (isUsableEmail(email)) usable = email;
    else {
      findings.push({
        severity: 'warning',
        code: 'contact-email-invalid',
        message: `Thông tin đơn vị, email nhận biên nhận: "${cutText(email, 60)}" không phải địa chỉ email hợp lệ nên không được dùng. Biên nhận vẫn gửi tới email đã đăng ký của đơn vị.`,
      });
    }
  }
  return {
    name: field(raw.name, 'họ tên người báo cáo'),
    position: field(raw.position, 'chức vụ'),
    phone: field(raw.phone, 'số điện thoại'),
    email: usable,
  };
}

function parseAlbumUrl(raw: string | undefined, findings: Finding[]): string | null {
  const text = cleanText(raw ?? '');
  if (text === '') return null;
  try {
    const url = new URL(text);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && text.length <= 2000)
      return url.href;
  } catch {
    // falls through to the warning below
  }
  findings.push({
    severity: 'warning',
    code: 'album-url-invalid',
    message: `Đường dẫn album hình ảnh "${cutText(text, 60)}" không phải là một liên kết http(s) hợp lệ nên không được lưu. Hãy dán đường dẫn đầy đủ, bắt đầu bằng https://.`,
  });
  return null;
}

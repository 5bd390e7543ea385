// What a printed unit of measure ("lớp/người", "đồng", "Tin, bài/ cuộc") asks of a unit, as measures.
import type { MeasureKind } from '../../forms/schema.ts';

export interface DraftMeasure {
  kind: MeasureKind;
  label: string;
}

export interface UnitReading {
  measures: DraftMeasure[];
  /** Set when the reading is not the obvious one, in Vietnamese, for the coordinator to confirm. */
  guess?: string;
  /** A figure of the whole district (its unit names the district itself), entered once. */
  district?: boolean;
}

const PEOPLE = /^(lượt )?người( tham gia| tham dự)?$|^(học viên|học sinh|lượt người)$/;
const AMOUNT = /(^|\s)(đồng|vnđ|vnd)$/;
const DISTRICT = /^(huyện|quận|thị xã|tỉnh|thành phố)$/;

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
/** "Số cuộc" and "cuộc" are the same unit; the label gets one "Số". */
const bare = (part: string) => part.replace(/^số\s+/i, '');

/** Reads a unit cell: "" → nothing (a heading, a sum, or a free-text row: the caller decides). */
export function readUnit(unit: string): UnitReading {
  const parts = unit
    .split('/')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return { measures: [] };
  const lower = parts.map((p) => bare(p).toLowerCase());
  if (lower.length === 1 && AMOUNT.test(lower[0] ?? '')) {
    const measures = [{ kind: 'amount' as const, label: 'Số tiền (đồng)' }];
    return lower[0] === 'đồng'
      ? { measures }
      : { measures, guess: `đơn vị "${unit}": biểu mẫu hỏi số tiền bằng đồng` };
  }
  if (lower.length === 1 && PEOPLE.test(lower[0] ?? '')) {
    return { measures: [{ kind: 'people', label: 'Số người' }] };
  }
  const last = lower.at(-1) ?? '';
  if (lower.length >= 2 && PEOPLE.test(last)) {
    // "lớp/người", "Số cuộc/người": how many, and how many people took part.
    const count = parts.slice(0, -1).map((p) => lowerFirst(bare(p)));
    return {
      measures: [
        { kind: 'count', label: `Số ${count.join(', ')}` },
        { kind: 'people', label: 'Số người' },
      ],
    };
  }
  const count: DraftMeasure = {
    kind: 'count',
    label: `Số ${parts.map((p) => lowerFirst(bare(p))).join(', ')}`,
  };
  if (lower.length === 1 && DISTRICT.test(last)) {
    return {
      measures: [count],
      district: true,
      guess: `đơn vị "${unit}": số liệu của cả địa bàn, người tổng hợp nhập một lần, không hỏi từng đơn vị`,
    };
  }
  return lower.length > 1
    ? {
        measures: [count],
        guess: `đơn vị "${unit}": một số đếm chung (không tách thành hai số)`,
      }
    : { measures: [count] };
}

// The campaign file's format as a JSON Schema, generated from the zod schema, for editors' completion and checking (`baocao schema`).
import * as z from 'zod/mini';
import { campaignObject } from './schema.ts';

/**
 * What a file may hold: the definition without its units (units.csv beside it). Cross-field
 * checks (ids unique, references known) are not expressible here; loading the file makes them.
 */
export function campaignJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(z.omit(campaignObject, { units: true }), { io: 'input' });
  return {
    ...schema,
    title: 'Đợt báo cáo baocao (campaigns/<mã đợt>/campaign.yaml)',
    description:
      'Định nghĩa một đợt báo cáo: kế hoạch, bảng phụ lục (mục, dòng, chỉ số), quy tắc kiểm tra, nhắc nhở. Danh sách đơn vị nằm ở units.csv bên cạnh.',
  };
}

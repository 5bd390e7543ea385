// Upgrades a master sheet made by an older release, one layout version at a time, keeping every cell a coordinator typed.
import { PermanentError } from '../../forms/errors.ts';
import type { Request } from '../../functions/sheet/cells.ts';
import { LAYOUT_VERSION, SHEET_ID, type SheetLayout, TAB } from '../../functions/sheet/layout.ts';
import { districtFormat, linksFormat } from './format.ts';

/** What a migration may need to know of the sheet as it is, read by setup in its one read. */
export interface SheetFacts {
  /** The header row of "Tiến độ" as it is now (a coordinator may have inserted columns). */
  progressHeader: readonly string[];
  sheetIds: ReadonlySet<number>;
  unitCount: number;
  /** This release's layout, where the migrations put things. */
  layout: SheetLayout;
}

interface Migration {
  to: number;
  /** Vietnamese, for setup's report to the coordinator. */
  what: string;
  requests(facts: SheetFacts): Request[];
}

/** Version 1's header of the personal-link column in "Tiến độ". */
const V1_LINK_HEADER = 'Đường link riêng';

const MIGRATIONS: readonly Migration[] = [
  {
    to: 2,
    what: 'chuyển đường link riêng của các đơn vị từ trang «Tiến độ» sang trang ẩn «Liên kết»',
    requests(facts) {
      const requests: Request[] = [];
      if (!facts.sheetIds.has(SHEET_ID.links)) {
        requests.push(
          {
            addSheet: {
              properties: {
                sheetId: SHEET_ID.links,
                title: TAB.links,
                hidden: true,
                gridProperties: {
                  rowCount: facts.unitCount + 200,
                  columnCount: 2,
                  frozenRowCount: 1,
                },
              },
            },
          },
          ...linksFormat(),
        );
      }
      // Found by its header, not by position: a column the coordinator inserted before it moves it.
      const column = facts.progressHeader.indexOf(V1_LINK_HEADER);
      if (column >= 0) {
        // The whole column goes: the coordinator's columns to its right (Duyệt, Nhận xét…) move
        // left with their contents, which is where this release reads them.
        requests.push({
          deleteDimension: {
            range: {
              sheetId: SHEET_ID.progress,
              dimension: 'COLUMNS',
              startIndex: column,
              endIndex: column + 1,
            },
          },
        });
      }
      return requests;
    },
  },
  {
    to: 3,
    what: 'thêm dòng «Cấp tổng hợp» trong trang «Số liệu» để người tổng hợp nhập số liệu của đơn vị mình và số liệu cấp quận',
    requests(facts) {
      // One row above the first unit: every unit row moves down with its figures; setup then
      // rewrites the formulas that address rows (subtotals, per-unit totals, the report's notes).
      return [
        {
          insertDimension: {
            range: {
              sheetId: SHEET_ID.data,
              dimension: 'ROWS',
              startIndex: facts.layout.data.districtRow - 1,
              endIndex: facts.layout.data.districtRow,
            },
            inheritFromBefore: false,
          },
        },
        ...districtFormat(facts.layout),
      ];
    },
  },
  {
    to: 4,
    what: 'mở rộng trang ẩn «Hệ thống» để các lần đồng bộ chạy lần lượt, không chồng lên nhau',
    requests() {
      // Columns D:F hold the lease that keeps two syncs from writing at once.
      return [{ appendDimension: { sheetId: SHEET_ID.system, dimension: 'COLUMNS', length: 4 } }];
    },
  },
  {
    to: 5,
    what: 'thêm cột «Cấp trên» sau cột «Nhóm» trong trang «Tiến độ» để ghi đơn vị cấp trên (phường/xã của trường) và cộng số liệu theo cấp',
    requests(facts) {
      const at = parentColumnAfterMigration(facts.progressHeader);
      if (at === undefined) return [];
      // An inserted column: the coordinator's columns to its right move with their contents.
      return [
        {
          insertDimension: {
            range: {
              sheetId: SHEET_ID.progress,
              dimension: 'COLUMNS',
              startIndex: at,
              endIndex: at + 1,
            },
            inheritFromBefore: true,
          },
        },
        {
          updateCells: {
            start: {
              sheetId: SHEET_ID.progress,
              rowIndex: facts.layout.progress.headerRow - 1,
              columnIndex: at,
            },
            rows: [{ values: [{ userEnteredValue: { stringValue: PARENT_HEADER } }] }],
            fields: 'userEnteredValue',
          },
        },
      ];
    },
  },
  {
    to: 6,
    what: 'chuyển việc đồng bộ sang khóa ghi (trang ẩn «Khóa ghi của đồng bộ»), để phiên bản phần mềm cũ không ghi đè lên bảng nữa',
    // Nothing to move: sync adds the token's key and tab with its first write. The version
    // alone is the change (functions/sheet/layout.ts).
    requests: () => [],
  },
];

const PARENT_HEADER = 'Cấp trên';

/**
 * Where layout 5 inserts "Cấp trên": right after "Nhóm" wherever that is now; undefined when
 * the column is there already (a coordinator added it) or "Nhóm" is gone.
 */
function parentColumnAfterMigration(header: readonly string[]): number | undefined {
  const names = header.map((h) => h.normalize('NFC').trim());
  if (names.includes(PARENT_HEADER)) return undefined;
  const group = names.indexOf('Nhóm');
  return group < 0 ? undefined : group + 1;
}

/** The header row of "Tiến độ" as the migrations from `version` will leave it. */
export function progressHeaderAfterMigration(
  version: number,
  header: readonly string[],
): readonly string[] {
  if (version >= 5) return header;
  const at = parentColumnAfterMigration(header);
  return at === undefined ? header : [...header.slice(0, at), PARENT_HEADER, ...header.slice(at)];
}

/** Where a sheet of `version` has its first unit row in "Số liệu" (before layout 3 there was no coordinator's row). */
export function dataFirstUnitRow(layout: SheetLayout, version: number): number {
  return version < 3 ? layout.data.firstUnitRow - 1 : layout.data.firstUnitRow;
}

/** The sheet was made by a newer release than this one: setup must not touch it. */
export class NewerLayoutError extends PermanentError {
  constructor(readonly found: number) {
    super(
      `Bảng tổng hợp có bố cục phiên bản ${found}, mới hơn phiên bản ${LAYOUT_VERSION} mà lệnh này biết: hãy dùng phiên bản baocao mới hơn (đã tạo bảng này).`,
    );
  }
}

/** The requests that bring a sheet from `from` to this release's layout, in order, and what they do. */
export function planMigrations(
  from: number,
  facts: SheetFacts,
): { requests: Request[]; done: string[] } {
  if (from > LAYOUT_VERSION) throw new NewerLayoutError(from);
  const steps = MIGRATIONS.filter((m) => m.to > from && m.to <= LAYOUT_VERSION);
  return {
    requests: steps.flatMap((m) => m.requests(facts)),
    done: steps.map((m) => `Nâng cấp bố cục bảng lên phiên bản ${m.to}: ${m.what}.`),
  };
}

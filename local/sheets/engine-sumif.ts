// SUMIF for the stand-in's HyperFormula: its own criteria and sums, read straight from the graph.
import HyperFormula, {
  CellError,
  ErrorType,
  FunctionArgumentType,
  FunctionPlugin,
  type SimpleRangeValue,
} from 'hyperformula';

/**
 * The internals this reaches through `FunctionPlugin`: HyperFormula's own criterion parser (so
 * "trường", "<5", "*ường" and blanks match exactly as its SUMIF matches them) and the graph.
 */
interface Internals {
  interpreter: {
    criterionBuilder: {
      fromCellValue(raw: unknown, helper: unknown): { lambda: (v: unknown) => boolean } | undefined;
    };
  };
  arithmeticHelper: { nonstrictadd(left: unknown, right: unknown): unknown };
  dependencyGraph: {
    getScalarValue(address: { sheet: number; col: number; row: number }): unknown;
  };
}

type Range = NonNullable<SimpleRangeValue['range']>;
type Args = Parameters<FunctionPlugin['runFunction']>;
type Result = ReturnType<Args[3]>;

/** A RichNumber (a number with a format, e.g. a date or a percent) as its plain number. */
const raw = (v: unknown) =>
  typeof v === 'object' && v !== null && !(v instanceof CellError) && 'val' in v ? v.val : v;

/**
 * HyperFormula's SUMIF builds a value array for each of its two ranges and walks them through
 * generators; on a 3,000-unit master sheet its 224 SUMIFs were most of every sync write's
 * recalculation and garbage (issue 17). This walks the cells once, with the same criterion, the
 * same values (errors propagate, text and blanks are skipped) and the same addition.
 */
class FastSumifPlugin extends FunctionPlugin {
  static override implementedFunctions = {
    SUMIF: {
      method: 'sumif',
      parameters: [
        { argumentType: FunctionArgumentType.RANGE },
        { argumentType: FunctionArgumentType.NOERROR },
        { argumentType: FunctionArgumentType.RANGE, optionalArg: true },
      ],
    },
  };

  sumif(ast: { args: Args[0] }, state: Args[1]) {
    const self = this as unknown as Internals;
    return this.runFunction(
      ast.args,
      state,
      this.metadata('SUMIF'),
      (conditions: SimpleRangeValue, criterion: unknown, values?: SimpleRangeValue) => {
        const summed = values ?? conditions;
        const package_ = self.interpreter.criterionBuilder.fromCellValue(
          criterion,
          self.arithmeticHelper,
        );
        if (package_ === undefined) return new CellError(ErrorType.VALUE, 'Incorrect criterion.');
        if (conditions.width() !== summed.width() || conditions.height() !== summed.height())
          return new CellError(ErrorType.VALUE, 'Ranges need to be of equal length.');
        const at = cellsOf(self, conditions);
        const of = cellsOf(self, summed);
        let sum: unknown = 0;
        const n = conditions.width() * conditions.height();
        // A group column holds a few labels over thousands of rows: each label is matched once
        // (the criterion lowercases both sides of every comparison).
        const matched = new Map<string, boolean>();
        const matches = (value: unknown) => {
          if (typeof value !== 'string') return package_.lambda(value);
          let hit = matched.get(value);
          if (hit === undefined) {
            hit = package_.lambda(value);
            matched.set(value, hit);
          }
          return hit;
        };
        for (let i = 0; i < n; i++) {
          if (!matches(raw(at(i)))) continue;
          const v = of(i);
          const number = v instanceof CellError ? v : raw(v);
          sum = self.arithmeticHelper.nonstrictadd(
            sum,
            v instanceof CellError || typeof number === 'number' ? number : undefined,
          );
        }
        return sum as Result;
      },
    );
  }
}

/** The i-th value of a range, row by row from its top-left corner, without building arrays. */
function cellsOf(self: Internals, value: SimpleRangeValue): (i: number) => unknown {
  const range: Range | undefined = value.range;
  if (range === undefined) {
    const flat = [...value.valuesFromTopLeftCorner()];
    return (i) => flat[i];
  }
  const { sheet, col, row } = range.start;
  const width = value.width();
  return (i) =>
    self.dependencyGraph.getScalarValue({
      sheet,
      col: col + (i % width),
      row: row + Math.floor(i / width),
    });
}

HyperFormula.registerFunction('SUMIF', FastSumifPlugin);

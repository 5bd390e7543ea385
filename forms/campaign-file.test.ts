import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CampaignFileError, parseCampaignFile } from './campaign-file.ts';

const shipped = readFileSync(
  new URL('../campaigns/q7-htsd-2021/campaign.yaml', import.meta.url),
  'utf8',
);

/** The 2021 file with its line `n` (1-based) replaced. */
function withLine(n: number, line: string): string {
  const lines = shipped.split('\n');
  lines[n - 1] = line;
  return lines.join('\n');
}
const lineOf = (text: string) => shipped.split('\n').indexOf(text) + 1;

function problemsOf(text: string): string {
  try {
    parseCampaignFile(text, 'campaign.yaml');
  } catch (error) {
    if (error instanceof CampaignFileError) return error.message;
    throw error;
  }
  throw new Error('the file was accepted');
}

const DEADLINE = lineOf('deadline: "2021-10-08"');
const TITLE = lineOf('title: Tuần lễ hưởng ứng học tập suốt đời năm 2021');
const TIMEZONE = lineOf('timezone: Asia/Ho_Chi_Minh');
const FIRST_ROW_ID = lineOf('      - id: "1"');

describe('reading a campaign file', () => {
  it('reads the shipped 2021 file', () => {
    expect(parseCampaignFile(shipped, 'campaign.yaml').id).toBe('q7-htsd-2021');
  });

  it('reads the same definition written as JSON', () => {
    const json = JSON.stringify(parseCampaignFile(shipped, 'campaign.yaml'), null, 2);
    expect(parseCampaignFile(json, 'campaign.json')).toEqual(
      parseCampaignFile(shipped, 'campaign.yaml'),
    );
  });

  it.each<[what: string, text: string, expected: string]>([
    [
      'a deadline written the Vietnamese way',
      withLine(DEADLINE, 'deadline: 08/10/2021'),
      `campaign.yaml dòng ${DEADLINE}, cột 11: deadline: phải có dạng YYYY-MM-DD`,
    ],
    [
      'a row id written as a number',
      withLine(FIRST_ROW_ID, '      - id: 1.10'),
      `campaign.yaml dòng ${FIRST_ROW_ID}, cột 13: sections[0].rows[0].id: cần một chuỗi chữ, không phải số: hãy đặt trong dấu nháy, ví dụ '1.1'`,
    ],
    [
      'a misspelt field',
      withLine(TIMEZONE, 'timezon: Asia/Ho_Chi_Minh'),
      `campaign.yaml dòng ${TIMEZONE}, cột 1: định dạng không có trường «timezon»`,
    ],
    [
      'a missing field, at the field that holds it',
      withLine(TIMEZONE, ''),
      'campaign.yaml dòng 4, cột 1: timezone: thiếu trường bắt buộc',
    ],
    [
      'a field written twice',
      withLine(TIMEZONE, 'title: Lần nữa'),
      `campaign.yaml dòng ${TIMEZONE}, cột 1: trường này đã có ở trên`,
    ],
    [
      'indentation by a tab',
      withLine(TITLE, '\ttitle: Tuần lễ'),
      `campaign.yaml dòng ${TITLE}, cột 1: thụt lề bằng phím Tab`,
    ],
    [
      'an unclosed bracket',
      withLine(TIMEZONE, 'timezone: [Asia/Ho_Chi_Minh'),
      `campaign.yaml dòng ${TIMEZONE + 1}, cột 1:`,
    ],
    [
      'an unknown measure kind',
      shipped.replace(
        '          - kind: count\n            label: Số lớp\n',
        '          - kind: lop\n            label: Số lớp\n',
      ),
      'cột 19: sections[0].rows[0].measures[0].kind: chỉ nhận một trong các giá trị «count», «people», «amount», «text»',
    ],
    [
      'a sum of a measure that does not exist',
      shipped.replace('- "1.13.count"', '- "1.14.count"'),
      'sections[0].rows[0].measures[0].sumOf[12]: không có chỉ số "1.14.count"',
    ],
    [
      'a rule about a measure that does not exist',
      shipped.replace(
        'when: { op: ">", left: { m: "1.1.count" }, right: { const: 0 } }',
        'when: { op: ">", left: { m: "1.1.lop" }, right: { const: 0 } }',
      ),
      'cột 28: rules[0].when.left: không có chỉ số "1.1.lop"',
    ],
    [
      'a condition whose operand is misspelt',
      shipped.replace(
        'when: { op: ">", left: { m: "1.1.count" }, right: { const: 0 } }',
        'when: { op: ">", left: { m: "1.1.count" }, right: { cons: 0 } }',
      ),
      'cột 55: rules[0].when.right: không đúng dạng nào được chấp nhận ở đây; các dạng có: { m } hoặc { const } hoặc { sum }',
    ],
    ['units listed in the file', `${shipped}units: []\n`, 'units.csv'],
    [
      'a file that is a list',
      '- id: x\n',
      'campaign.yaml dòng 1, cột 1: tệp phải là một nhóm trường',
    ],
  ])('refuses %s, naming its line and column in Vietnamese', (_, text, expected) => {
    expect(problemsOf(text)).toContain(expected);
  });

  it('names every problem of a file at once', () => {
    const text = withLine(DEADLINE, 'deadline: 08/10/2021').replace(
      'timezone: Asia/Ho_Chi_Minh',
      'timezone: Asia/Saigon_City',
    );
    const message = problemsOf(text);
    expect(message).toContain('có 2 lỗi');
    expect(message).toContain(`dòng ${TIMEZONE}, cột 11: timezone: không phải múi giờ IANA`);
    expect(message).toContain(`dòng ${DEADLINE}, cột 11: deadline`);
  });
});

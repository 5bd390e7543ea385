// Reading a Forms response: the unit a response names is stored without control characters.
import { describe, expect, it } from 'vitest';
import { formIds } from '../../forms/form-builder.ts';
import { q7 } from '../../testing/submissions.ts';
import { rawFromResponse } from './answers.ts';

describe('a response as Google returns it', () => {
  it('keeps the unit name it names, with NUL, DEL and zero-width characters stripped', () => {
    const campaign = q7();
    const unit = formIds(campaign.id, 'unit').questionId;
    const reading = rawFromResponse(campaign, {
      responseId: 'r1',
      answers: {
        [unit]: {
          questionId: unit,
          textAnswers: { answers: [{ value: 'UBND Phường\u0000 Tân\u007f Phong\u200b' }] },
        },
      },
    });
    expect(reading.unitName).toBe('UBND Phường Tân Phong');
  });
});

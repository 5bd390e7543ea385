// Zod schemas of the Forms v1 and Drive v3 request bodies the stand-in accepts, as Google spells them.
import { z } from 'zod';

export const optionSchema = z.strictObject({
  value: z.string().optional(),
  goToAction: z.enum(['NEXT_SECTION', 'RESTART_FORM', 'SUBMIT_FORM']).optional(),
  goToSectionId: z.string().optional(),
});

/** The question kinds the product's form uses; any other is refused as an unknown field. */
export const questionSchema = z.strictObject({
  questionId: z.string().optional(),
  required: z.boolean().optional(),
  choiceQuestion: z
    .strictObject({
      type: z.enum(['RADIO', 'DROP_DOWN']).optional(),
      options: z.array(optionSchema).optional(),
    })
    .optional(),
  textQuestion: z.strictObject({ paragraph: z.boolean().optional() }).optional(),
});

export const itemSchema = z.strictObject({
  itemId: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  questionItem: z.strictObject({ question: questionSchema.optional() }).optional(),
  pageBreakItem: z.strictObject({}).optional(),
  textItem: z.strictObject({}).optional(),
});

export type Item = z.infer<typeof itemSchema>;
export type Question = z.infer<typeof questionSchema>;

export const infoSchema = z.strictObject({
  title: z.string().optional(),
  description: z.string().optional(),
  documentTitle: z.string().optional(),
});

export type Info = z.infer<typeof infoSchema>;
/** Set at creation and never changed: the product's form collects no respondent email. */
export interface Settings {
  emailCollectionType: 'DO_NOT_COLLECT';
}

/** forms.create takes a whole Form; which of its fields may be set is checked after parsing. */
export const createFormSchema = z.looseObject({ info: z.looseObject({}).optional() });

const location = z.strictObject({ index: z.number().int().optional() });

/** One Request of a batchUpdate; kept loose here so an unknown kind can be named in the 400. */
export const batchUpdateSchema = z.strictObject({
  requests: z.array(z.record(z.string(), z.unknown())).optional(),
  includeFormInResponse: z.boolean().optional(),
});

export const requestSchemas = {
  createItem: z.strictObject({ item: itemSchema.optional(), location: location.optional() }),
  updateItem: z.strictObject({
    item: itemSchema.optional(),
    location: location.optional(),
    updateMask: z.string().optional(),
  }),
  updateFormInfo: z.strictObject({
    info: infoSchema.optional(),
    updateMask: z.string().optional(),
  }),
} as const;

export type RequestKind = keyof typeof requestSchemas;

export const publishSettingsSchema = z.strictObject({
  publishSettings: z
    .strictObject({
      publishState: z
        .strictObject({
          isPublished: z.boolean().optional(),
          isAcceptingResponses: z.boolean().optional(),
        })
        .optional(),
    })
    .optional(),
  updateMask: z.string().optional(),
});

export const createWatchSchema = z.strictObject({
  watch: z
    .strictObject({
      target: z
        .strictObject({ topic: z.strictObject({ topicName: z.string().optional() }).optional() })
        .optional(),
      eventType: z.enum(['EVENT_TYPE_UNSPECIFIED', 'SCHEMA', 'RESPONSES']).optional(),
      id: z.string().optional(),
    })
    .optional(),
  watchId: z.string().optional(),
});

/** The product shares with a service account (user) and publishes to anyone with the link. */
export const permissionSchema = z.looseObject({
  type: z.enum(['user', 'anyone']).optional(),
  role: z.enum(['owner', 'organizer', 'fileOrganizer', 'writer', 'commenter', 'reader']).optional(),
  emailAddress: z.string().optional(),
  view: z.string().optional(),
});

// Zod schemas of the Forms v1 and Drive v3 request bodies the stand-in accepts, as Google spells them.
import { z } from 'zod';

/** Media and grading sub-objects are stored as given; the stand-in never interprets them. */
const opaque = z.record(z.string(), z.unknown());

export const optionSchema = z.strictObject({
  value: z.string().optional(),
  image: opaque.optional(),
  isOther: z.boolean().optional(),
  goToAction: z.enum(['NEXT_SECTION', 'RESTART_FORM', 'SUBMIT_FORM']).optional(),
  goToSectionId: z.string().optional(),
});

export const questionSchema = z.strictObject({
  questionId: z.string().optional(),
  required: z.boolean().optional(),
  grading: opaque.optional(),
  choiceQuestion: z
    .strictObject({
      type: z.enum(['RADIO', 'CHECKBOX', 'DROP_DOWN']).optional(),
      options: z.array(optionSchema).optional(),
      shuffle: z.boolean().optional(),
    })
    .optional(),
  textQuestion: z.strictObject({ paragraph: z.boolean().optional() }).optional(),
  scaleQuestion: z
    .strictObject({
      low: z.number().int().optional(),
      high: z.number().int().optional(),
      lowLabel: z.string().optional(),
      highLabel: z.string().optional(),
    })
    .optional(),
  dateQuestion: z
    .strictObject({ includeTime: z.boolean().optional(), includeYear: z.boolean().optional() })
    .optional(),
  timeQuestion: z.strictObject({ duration: z.boolean().optional() }).optional(),
  ratingQuestion: z
    .strictObject({
      ratingScaleLevel: z.number().int().optional(),
      iconType: z.string().optional(),
    })
    .optional(),
  fileUploadQuestion: opaque.optional(),
  rowQuestion: z.strictObject({ title: z.string().optional() }).optional(),
});

export const itemSchema = z.strictObject({
  itemId: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  questionItem: z
    .strictObject({ question: questionSchema.optional(), image: opaque.optional() })
    .optional(),
  questionGroupItem: z
    .strictObject({
      questions: z.array(questionSchema).optional(),
      grid: opaque.optional(),
      image: opaque.optional(),
    })
    .optional(),
  pageBreakItem: z.strictObject({}).optional(),
  textItem: z.strictObject({}).optional(),
  imageItem: opaque.optional(),
  videoItem: opaque.optional(),
});

export type Item = z.infer<typeof itemSchema>;
export type Question = z.infer<typeof questionSchema>;
export type ChoiceOption = z.infer<typeof optionSchema>;

export const infoSchema = z.strictObject({
  title: z.string().optional(),
  description: z.string().optional(),
  documentTitle: z.string().optional(),
});

export const settingsSchema = z.strictObject({
  emailCollectionType: z
    .enum(['EMAIL_COLLECTION_TYPE_UNSPECIFIED', 'DO_NOT_COLLECT', 'VERIFIED', 'RESPONDER_INPUT'])
    .optional(),
  quizSettings: z.strictObject({ isQuiz: z.boolean().optional() }).optional(),
});

export type Info = z.infer<typeof infoSchema>;
export type Settings = z.infer<typeof settingsSchema>;

/** forms.create takes a whole Form; which of its fields may be set is checked after parsing. */
export const createFormSchema = z.looseObject({ info: z.looseObject({}).optional() });

const location = z.strictObject({ index: z.number().int().optional() });

/** One Request of a batchUpdate; kept loose here so an unknown kind can be named in the 400. */
export const batchUpdateSchema = z.strictObject({
  requests: z.array(z.record(z.string(), z.unknown())).optional(),
  includeFormInResponse: z.boolean().optional(),
  writeControl: z
    .strictObject({
      requiredRevisionId: z.string().optional(),
      targetRevisionId: z.string().optional(),
    })
    .optional(),
});

export const requestSchemas = {
  createItem: z.strictObject({ item: itemSchema.optional(), location: location.optional() }),
  updateItem: z.strictObject({
    item: itemSchema.optional(),
    location: location.optional(),
    updateMask: z.string().optional(),
  }),
  moveItem: z.strictObject({
    originalLocation: location.optional(),
    newLocation: location.optional(),
  }),
  deleteItem: z.strictObject({ location: location.optional() }),
  updateFormInfo: z.strictObject({
    info: infoSchema.optional(),
    updateMask: z.string().optional(),
  }),
  updateSettings: z.strictObject({
    settings: settingsSchema.optional(),
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

export const permissionSchema = z.looseObject({
  type: z.enum(['user', 'group', 'domain', 'anyone']).optional(),
  role: z.enum(['owner', 'organizer', 'fileOrganizer', 'writer', 'commenter', 'reader']).optional(),
  emailAddress: z.string().optional(),
  domain: z.string().optional(),
  view: z.string().optional(),
  allowFileDiscovery: z.boolean().optional(),
});

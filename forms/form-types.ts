// The Forms v1 REST shapes the form builder emits and reads, and what each question means.

/*
 * Minimal shapes of the Forms v1 REST JSON this module emits and reads. They mirror Google's
 * field names so a caller can hand them to `@googleapis/forms` as they are, without this module
 * importing the client (forms/ is pure data and computation).
 */
export interface FormOption {
  value: string;
  goToSectionId?: string;
  goToAction?: 'NEXT_SECTION' | 'RESTART_FORM' | 'SUBMIT_FORM';
}

export interface FormQuestion {
  questionId: string;
  required?: boolean;
  choiceQuestion?: { type: 'RADIO' | 'DROP_DOWN'; options: FormOption[] };
  textQuestion?: { paragraph?: boolean };
}

export interface FormItem {
  itemId: string;
  title: string;
  description?: string;
  questionItem?: { question: FormQuestion };
  pageBreakItem?: Record<string, never>;
  textItem?: Record<string, never>;
}

export type FormRequest =
  | { createItem: { item: FormItem; location: { index: number } } }
  | {
      updateItem: {
        item: { questionItem: { question: Pick<FormQuestion, 'choiceQuestion'> } };
        location: { index: number };
        updateMask: string;
      };
    }
  | {
      updateFormInfo: {
        info: { title: string; description: string };
        updateMask: string;
      };
    };

/** An item as forms.get returns it; nullable and partial, so a googleapis Schema$Item fits. */
export interface ExistingItem {
  itemId?: string | null;
  questionItem?: {
    question?: {
      questionId?: string | null;
      choiceQuestion?: {
        options?:
          | { value?: string | null; goToSectionId?: string | null; goToAction?: string | null }[]
          | null;
      } | null;
    } | null;
  } | null;
}

/** What a question of the form means: the key its answer is filed under. */
export type QuestionRef =
  | { kind: 'unit'; key: 'unit' }
  | { kind: 'token'; key: 'token' }
  | {
      kind: 'contact';
      key: `contact.${ContactField}`;
      field: ContactField;
    }
  | { kind: 'album'; key: 'album' }
  | { kind: 'activity'; key: `activity:${string}`; sectionId: string }
  | { kind: 'measure'; key: string; measureId: string }
  | { kind: 'note'; key: string; sectionId: string };

export type ContactField = 'name' | 'position' | 'phone' | 'email';

import { text } from './page-layout.js';

/**
 * What a browser form sent when its request was refused: the page is drawn again with the error
 * beside that form and the fields filled in as they were (by field name), instead of an error page.
 */
export interface FormState {
    /** The id of the form on its page (`create-workspace`, `user-<id>`…). */
    form: string;
    error: string;
    values: Record<string, string>;
}

/** The error line shown inside form `formId`, if it is the one that failed. */
export function formError(state: FormState | undefined, formId: string): string {
    return state?.form === formId ? `<p class="field-error" role="alert" id="${text(formId)}-error">${text(state.error)}</p>` : '';
}

/** A field's value: what was submitted when this form failed, else `fallback`. */
export function formValue(state: FormState | undefined, formId: string, name: string, fallback = ''): string {
    return state?.form === formId && state.values[name] !== undefined ? state.values[name] : fallback;
}

/** `selected` for the option that was submitted (or `fallback` when the form did not fail). */
export function selectedIf(state: FormState | undefined, formId: string, name: string, value: string, fallback = false): string {
    const submitted = state?.form === formId ? state.values[name] === value : fallback;
    return submitted ? ' selected' : '';
}

/** `checked` for a checkbox that was ticked when the form failed. */
export function checkedIf(state: FormState | undefined, formId: string, name: string): string {
    return state?.form === formId && state.values[name] !== undefined ? ' checked' : '';
}

/**
 * What a portal does with `TEMPLATE_DATA` in `bizproc.workflow.template.add`:
 * decode the file, then refuse it the
 * way the import would. Pure, so a portal emulator can call it.
 */
import { decodeBpt } from './bpt-codec';
import { phpGet, type PhpValue } from './php-serialize';
import { phpToJson } from './php-to-json';
import { validateTemplate } from './validate-template';

/** The portal-style refusal: HTTP status, `error`, `error_description`. */
export interface PortalTemplateError {
  ok: false;
  status: number;
  error: string;
  description: string;
}

/** An accepted template: the parts the portal stores, as plain JSON. */
export interface AcceptedTemplateData {
  ok: true;
  template: unknown[];
  parameters: unknown;
  variables: unknown;
  constants: unknown;
}

function refuse(error: string, description: string): PortalTemplateError {
  return { ok: false, status: 400, error, description };
}

/**
 * Decodes and checks a `TEMPLATE_DATA` value (`["name.bpt", "<base64>"]`, the
 * same as a `{0:…,1:…}` map, or a bare base64 string).
 *
 * Refusals: a missing or empty value is `ERROR_TEMPLATE_VALIDATION_FAILURE`
 * "Incorrect field TEMPLATE_DATA!" (the REST layer's own check); a file that
 * does not decode, or whose tree fails the import checks, is refused by the
 * import itself, which throws, and the REST server reports a thrown
 * exception as `ERROR_CORE` with its message [inferred].
 */
export function checkTemplateData(templateData: unknown): AcceptedTemplateData | PortalTemplateError {
  const list = Array.isArray(templateData) ? templateData : templateData !== null && typeof templateData === 'object' ? Object.values(templateData) : [templateData];
  const encoded = list.length === 2 ? list[1] : list.length === 1 ? list[0] : undefined;
  if (typeof encoded !== 'string' || encoded.trim() === '' || !/^[A-Za-z0-9+/=\s_-]+$/.test(encoded)) {
    return refuse('ERROR_TEMPLATE_VALIDATION_FAILURE', 'Incorrect field TEMPLATE_DATA!');
  }
  const bytes = new Uint8Array(Buffer.from(encoded, 'base64'));
  if (bytes.length === 0) return refuse('ERROR_TEMPLATE_VALIDATION_FAILURE', 'Incorrect field TEMPLATE_DATA!');
  let decoded: PhpValue;
  try {
    decoded = decodeBpt(bytes);
  } catch {
    return refuse('ERROR_CORE', 'Wrong data format of the business process template file (BIZPROC_WF_TEMPLATE_BPT_WRONG_DATA).');
  }
  const check = validateTemplate(decoded);
  const first = check.errors[0];
  if (first !== undefined) {
    return refuse('ERROR_CORE', `${first.type === undefined ? '' : `${first.type}: `}${first.message}${first.path === '' ? '' : ` (${first.path})`}`);
  }
  const template = phpToJson(phpGet(decoded, 'TEMPLATE') ?? []);
  return {
    ok: true,
    template: Array.isArray(template) ? template : Object.values(template as object),
    parameters: phpToJson(phpGet(decoded, 'PARAMETERS') ?? []),
    variables: phpToJson(phpGet(decoded, 'VARIABLES') ?? []),
    constants: phpToJson(phpGet(decoded, 'CONSTANTS') ?? []),
  };
}

import { AppError } from '../../base/errors/errors';
import { MAX_FIELD_NAME_LENGTH } from './field-suffix';

/**
 * The full custom-field name `UF_CRM_<typeId>_<suffix>`.
 *
 * Throws `INVALID_INPUT` when the suffix has characters the portal refuses
 * or the name is longer than 50 characters.
 */
export function ufFieldName(typeId: number, suffix: string): string {
  const name = `UF_CRM_${typeId}_${suffix}`;
  if (!/^[A-Z0-9_]+$/.test(suffix) || suffix === '') {
    throw new AppError('INVALID_INPUT', `The field suffix “${suffix}” may only hold A-Z, 0-9 and _.`, { hint: 'Fix the suffix in the mapping file.' });
  }
  if (name.length > MAX_FIELD_NAME_LENGTH) {
    throw new AppError('INVALID_INPUT', `The field name ${name} is longer than ${MAX_FIELD_NAME_LENGTH} characters.`, {
      hint: 'Use a shorter suffix in the mapping file.',
    });
  }
  return name;
}

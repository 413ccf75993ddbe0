import {
  DEFAULT_DETECTION_OPTIONS,
  type DetectionOptions,
} from '../../../src/detection/detection-options.js';
import type {
  ValidationInput,
  ValidationResult,
  Validator,
} from '../../../src/detection/validators/validator.js';

/** Runs one validator on `text` with neutral context unless the test says otherwise. */
export function validateWith(
  validator: Validator,
  text: string,
  input: Partial<Omit<ValidationInput, 'options'>> & { options?: Partial<DetectionOptions> } = {},
): ValidationResult {
  const { options, ...rest } = input;
  return validator.validate({
    text,
    before: '',
    after: '',
    columnEvidence: false,
    contextEvidence: false,
    pattern: 'test',
    ...rest,
    options: { ...DEFAULT_DETECTION_OPTIONS, ...options },
  });
}

export const isValid = (result: ValidationResult) => result.valid;

/**
 * The forms engine (动态表单): definitions, their validation, and the one zod schema each
 * compiles to. Pure — the browser imports it as well as the API.
 */
export {
  FieldSchema,
  FormDefinitionSchema,
  GroupItemFieldSchema,
  FIELD_TYPES,
  FIELD_KEY_PATTERN,
  type ChoiceField,
  type Field,
  type FieldType,
  type FileField,
  type FormDefinition,
  type GroupField,
  type LeafField,
  type SectionField,
  type CalculatedField,
} from "./definition";
export { validateDefinition } from "./validate-definition";
export { TEXT_FORMATS, formatById, formatOfPattern, patternMessageOf, type TextFormat } from "./formats";
export { CONDITION_OPS, CONDITION_OP_LABELS, ConditionSchema, conditionRefs, evaluateCondition, type Condition, type ConditionOp } from "./conditions";
export { compileForm, type FormValues, type Mode } from "./compile";
export { calculateAll, CALC_FUNCTIONS, evaluateExpression, expressionProblem, parseExpression, ExpressionError, storedResult, type Expr } from "./calculated";
export { emptyRow, emptyValues, isEmptyValue, requiredFields, visibleFields, visibleRowFields } from "./values";
export { fenToYuan, yuanToFen } from "./money";
export { idCardCheckChar, isCalendarDate, isIdCardNumber, isLocalDateTime, isUscc, usccCheckChar } from "./checksums";
export {
  DEFAULT_FILE_TYPES,
  FILE_MAX_FILES,
  FILE_MAX_SIZE_MB,
  GROUP_MAX_ROWS,
  IMAGE_TYPES,
  TEXTAREA_MAX_LENGTH,
  TEXT_MAX_LENGTH,
  fileRuleOf,
  maxLengthOf,
  maxRowsOf,
  moneyMinOf,
  patternMatcher,
  type PatternMatcher,
} from "./limits";

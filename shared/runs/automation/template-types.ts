/**
 * The shape of a workflow template tree and
 * the document type of a smart process.
 */
import type { PhpValue } from './php-serialize';

/** One activity of a template tree; `Type` is the class name without `CBP`. */
export interface ActivityNode {
  Type: string;
  Name: string;
  Activated?: 'Y' | 'N';
  Properties: { [key: string]: PhpValue };
  Children: ActivityNode[];
}

/** `bizproc.workflow.template.add`'s `AUTO_EXECUTE`: 1 on create, 2 on edit, 3 both; always sent as a string. */
export type AutoExecute = '0' | '1' | '2' | '3';

/** A generated starter template, ready to encode and install. */
export interface StarterTemplate {
  /** Stable key (`stage-entry`, `due-reminder`), also the `.bpt` file name stem. */
  key: string;
  /** `NAME` on the portal; the installer recognises its own templates by it. */
  name: string;
  description: string;
  autoExecute: AutoExecute;
  /** The root activity (`SequentialWorkflowActivity` named `Template`). */
  root: ActivityNode;
  /** True when the template waits (a `DelayActivity`): it counts towards the portal's two waiting workflows per item. */
  waits: boolean;
}

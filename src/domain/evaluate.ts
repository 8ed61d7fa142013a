/**
 * One entry point for every kind of form: compute, check, and say which template was used.
 */
import { checkDeclaration, checkSelfEvaluation } from "./checks";
import { checkExpertScoring } from "./expert";
import type { Finding } from "./findings";
import type { Form } from "./model";
import type { Template } from "./templates/schema";

/** The computed figures of the JSON contract (cli-json.md): rates as fractions; null where not computable or not applicable. */
export interface ComputedFigures {
  readonly executionRate: number | null;
  readonly fundingScore: number | null;
  readonly indicatorScore: number | null;
  readonly totalScore: number | null;
  readonly fullScore: number | null;
  readonly grade: string | null;
}

export interface Evaluation {
  readonly computed: ComputedFigures;
  readonly findings: readonly Finding[];
}

const NONE: ComputedFigures = {
  executionRate: null,
  fundingScore: null,
  indicatorScore: null,
  totalScore: null,
  fullScore: null,
  grade: null,
};

/** Thrown when a form is checked against a template made for another kind of form: a programmer error. */
export class TemplateKindError extends Error {
  constructor(formKind: string, templateKind: string) {
    super(`a ${formKind} form cannot be checked with a ${templateKind} template`);
    this.name = "TemplateKindError";
  }
}

/**
 * Computes and checks a form with its template.
 * @example evaluateForm(form, builtinTemplate("sh-district-2023")!).findings
 */
export function evaluateForm(form: Form, template: Template): Evaluation {
  if (form.kind !== template.kind) throw new TemplateKindError(form.kind, template.kind);
  switch (form.kind) {
    case "self-evaluation": {
      const { computed, findings } = checkSelfEvaluation(form, template);
      const n = (d: { toNumber(): number } | null): number | null => (d === null ? null : d.toNumber());
      return {
        computed: {
          // Rates are reported as fractions to 4 decimals (0.9985 = 99.85%), as the contract shows them.
          executionRate: computed.executionRate === null ? null : computed.executionRate.toDecimalPlaces(4).toNumber(),
          fundingScore: n(computed.fundingScore),
          indicatorScore: n(computed.indicatorScore),
          totalScore: n(computed.totalScore),
          fullScore: n(computed.fullScore),
          grade: computed.grade,
        },
        findings,
      };
    }
    case "target-declaration":
      return { computed: NONE, findings: checkDeclaration(form, template).findings };
    case "expert-scoring": {
      // The panel's figures: indicatorScore and totalScore are the 平均总分 (no funding part), fullScore Σ 分值.
      const { computed, findings } = checkExpertScoring(form, template);
      const average = computed.averageTotal === null ? null : computed.averageTotal.toNumber();
      return {
        computed: {
          ...NONE,
          indicatorScore: average,
          totalScore: average,
          fullScore: computed.fullScore === null ? null : computed.fullScore.toNumber(),
          grade: computed.grade,
        },
        findings,
      };
    }
  }
}

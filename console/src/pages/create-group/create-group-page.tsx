import { type FormEvent, useRef, useState } from "react";
import { ApiError } from "../../api/api-error";
import type { ValidationIssue } from "../../api/contract";
import { createGroup } from "../../api/groups";
import { IssueSummary } from "../../components/issue-summary";
import { ErrorNotice } from "../../components/notice";
import { PageHeader } from "../../components/page-header";
import { Link, navigate } from "../../router";
import { useSession } from "../../session";
import { BasicStep } from "./basic-step";
import { ClaimSelect } from "./claim-select";
import { ImagesStep } from "./images-step";
import { NetworkStep } from "./network-step";
import { VolumesStep } from "./volumes-step";
import { INITIAL_FORM, STEPS, type StepId, type WizardForm, formIssues, stepIndex, stepOf, toSpec } from "./wizard-form";

const SUMMARY_ID = "wizard-issues";
const STEP_VIEWS = { images: ImagesStep, volumes: VolumesStep, network: NetworkStep, basic: BasicStep };

/**
 * The create wizard in the guide's four steps. Next checks the steps so far with the contract's
 * schema; once a step was checked its messages follow every edit. Create sends the spec, and a 422's
 * issues go back to their fields, on whichever step holds them.
 */
export function CreateGroupPage() {
  const { client } = useSession();
  const [form, setForm] = useState<WizardForm>(INITIAL_FORM);
  const [step, setStep] = useState(0);
  const [checked, setChecked] = useState(-1);
  const [apiIssues, setApiIssues] = useState<ValidationIssue[]>([]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  const edit = (mutate: (f: WizardForm) => void) => {
    setApiIssues([]);
    setForm((prev) => {
      const next = structuredClone(prev);
      mutate(next);
      return next;
    });
  };
  const issues = [...formIssues(form).filter((i) => stepIndex(stepOf(i.path)) <= checked), ...apiIssues];
  const current: StepId = STEPS[step].id;
  const stepIssues = issues.filter((i) => stepOf(i.path) === current);

  const go = (index: number) => {
    setStep(index);
    requestAnimationFrame(() => heading.current?.focus());
  };
  /** Stays on (or goes back to) the first step with a broken rule; true when there is none up to `upTo`. */
  const check = (upTo: number, found: ValidationIssue[]) => {
    const steps = found.map((i) => stepIndex(stepOf(i.path))).filter((s) => s <= upTo);
    setChecked((c) => Math.max(c, upTo));
    if (steps.length === 0) return true;
    setStep(Math.min(...steps));
    requestAnimationFrame(() => document.getElementById(SUMMARY_ID)?.focus());
    return false;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (!check(step, formIssues(form))) return;
    if (step < STEPS.length - 1) return go(step + 1);
    setBusy(true);
    try {
      const group = await createGroup(client, { ...toSpec(form).spec, ...(form.standbyPoolId ? { standbyPoolId: form.standbyPoolId } : {}) });
      navigate(`/groups/${group.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) {
        setApiIssues(err.issues);
        check(STEPS.length - 1, err.issues);
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const View = STEP_VIEWS[current];
  return (
    <>
      <PageHeader title="Create a container group" intro="Four steps: the containers' images, their volumes, the network, and the group's basic information." />
      <ClaimSelect form={form} edit={edit} issues={issues} />
      <ol className="steps" aria-label="Steps">
        {STEPS.map((s, i) => (
          <li key={s.id} className={i === step ? "step-current" : i < step ? "step-done" : ""} aria-current={i === step ? "step" : undefined}>
            {i < step ? (
              <button type="button" className="step-link" onClick={() => go(i)}>
                <span className="step-number">{i + 1}</span> {s.title}
              </button>
            ) : (
              <span>
                <span className="step-number">{i + 1}</span> {s.title}
              </span>
            )}
          </li>
        ))}
      </ol>
      <form className="wizard" onSubmit={submit} noValidate aria-labelledby="step-title">
        <h2 id="step-title" className="step-title" tabIndex={-1} ref={heading}>
          Step {step + 1} of {STEPS.length}: {STEPS[step].title}
        </h2>
        <IssueSummary id={SUMMARY_ID} issues={stepIssues} />
        <ErrorNotice error={error} />
        <View form={form} edit={edit} issues={issues} />
        <details className="more">
          <summary>The spec this makes (JSON)</summary>
          <pre className="code">{JSON.stringify(toSpec(form).spec, null, 2)}</pre>
        </details>
        <div className="wizard-actions">
          <Link to="/groups" className="button button-quiet">
            Cancel
          </Link>
          {step > 0 && (
            <button type="button" className="button" onClick={() => go(step - 1)}>
              Back
            </button>
          )}
          <button type="submit" className="button button-primary" disabled={busy}>
            {step < STEPS.length - 1 ? `Next: ${STEPS[step + 1].title}` : busy ? "Creating…" : "Create"}
          </button>
        </div>
      </form>
    </>
  );
}

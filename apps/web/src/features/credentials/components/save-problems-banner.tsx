import { problemCount, type FormTab, type SaveProblem } from "./save-problems.ts";

const tabLabels: Record<FormTab, string> = { general: "General", ip: "IP Addresses" };

type SaveProblemsProps = { problems: SaveProblem[]; message: string | null; onGoTo: (problem: SaveProblem) => void };

/**
 * Above the tabs, so a failed save is seen from whichever tab the admin pressed Save on. Each
 * problem is a button that opens its tab and puts the cursor in its field.
 */
export function SaveProblems({ problems, message, onGoTo }: SaveProblemsProps) {
  if (problems.length === 0 && !message) return null;
  return (
    <div className="banner danger save-problems" role="alert">
      <strong>Not saved.</strong> {message ?? `Fix ${problemCount(problems.length)} and save again:`}
      {problems.length > 0 ? (
        <ul>
          {problems.map((problem) => (
            <li key={problem.field}>
              <button type="button" className="link-button" onClick={() => onGoTo(problem)}>
                {tabLabels[problem.tab]} › {problem.label}
              </button>
              : {problem.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

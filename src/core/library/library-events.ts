/**
 * What a library run reports while it works, for the command line's display and VS
 * Code's Training Queue. Every event is plain data; each skill's state comes whole, so
 * a view replaces its row instead of patching it.
 */
import type { TrainingEvent } from '../training/training-events';
import type { LibraryRunStatus, LibrarySkill } from './library-run-record';

/** A skill of the run as a view shows it (its settings are in `library.json`). */
export type LibrarySkillView = Omit<LibrarySkill, 'settings'>;

export type LibraryEvent =
  | { type: 'library_started'; libraryRunId: string; resumed: boolean; skills: LibrarySkillView[] }
  /** A skill was queued, started, made progress (epoch, step, score), finished, was skipped, failed or stopped. */
  | { type: 'skill_changed'; libraryRunId: string; skill: LibrarySkillView }
  /** One event of a skill's own run, for logs and detail views. */
  | { type: 'training_event'; libraryRunId: string; skillName: string; skillPath: string; runId: string; event: TrainingEvent }
  | { type: 'library_finished'; libraryRunId: string; status: LibraryRunStatus; skills: LibrarySkillView[]; costUsd: number | null };

/** Receives every event; must not throw (errors in listeners are ignored). */
export type LibraryEventListener = (event: LibraryEvent) => void;

/** A skill without its settings, for events. */
export function viewOf(skill: LibrarySkill): LibrarySkillView {
  const { settings: _settings, ...view } = skill;
  return view;
}

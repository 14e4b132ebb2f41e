/** The model specs of a run's three roles, as a person names some of them. */
export interface RoleSpecs {
  target: string;
  optimizer: string;
  /** Absent only when no task needs grading and nothing named one. */
  judge?: string;
}

/**
 * Fills the roles nobody named the way every front end does: an unnamed target is the
 * optimizer (or the judge), an unnamed optimizer the target, an unnamed judge the
 * optimizer. Undefined when no role is named at all (the front end picks then).
 */
export function completeRoleSpecs(named: { target?: string; optimizer?: string; judge?: string }): Required<RoleSpecs> | undefined {
  if (!named.target && !named.optimizer && !named.judge) return undefined;
  const target = named.target ?? named.optimizer ?? named.judge!;
  const optimizer = named.optimizer ?? target;
  return { target, optimizer, judge: named.judge ?? optimizer };
}

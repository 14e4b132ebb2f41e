/** Skill documents: SKILL.md parse/serialize, validation, protected regions, edits. */
export { parseSkill, serializeSkill } from './parse-skill';
export type { SkillDocument, SkillFrontmatter } from './skill-document';
export { setSkillBody } from './set-skill-body';
export { setFrontmatterField } from './set-frontmatter-field';
export { SkillFrontmatterError } from './skill-frontmatter-error';
export type { LineEnding as SkillLineEnding } from './line-endings';

export { validateSkill, type ValidateSkillOptions } from './validate-skill';
export type { SkillFix, SkillProblem } from './skill-problem';
export { applySkillFix } from './skill-fixes';
export { isPlaceholderDescription, newSkillText, placeholderDescription } from './new-skill-text';
export { skillLimits, suggestSkillName } from './validate-frontmatter-fields';

export {
  APPENDIX_END,
  APPENDIX_START,
  SLOW_UPDATE_END,
  SLOW_UPDATE_START,
  protectedMarkers,
  stripProtectedMarkers,
  type ProtectedRegionKind,
} from './protected-markers';
export { findProtectedRegions, type ProtectedRegion } from './protected-regions';
export {
  ensureProtectedRegion,
  ensureSlowUpdateRegion,
  readProtectedRegion,
  readSlowUpdateRegion,
  replaceProtectedRegion,
  replaceSlowUpdateRegion,
} from './protected-region-content';

export { applyEdits } from './apply-edits';
export type { ApplyEditsOptions, ApplyEditsResult, EditReport, EditStatus, SkillEdit } from './skill-edit';

export { skillContentHash } from './skill-content-hash';

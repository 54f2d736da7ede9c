import { ROLES, type Role } from "../access/roles";
import { AppError } from "../errors";
import { MemberProfileSchema, type MemberProfile } from "./profile";
import { MAX_ROSTER_ROWS } from "./roster-file";

/**
 * Member roll files (花名册): CSV or XLSX with Chinese headers. Checking is pure: every row
 * becomes a profile or a row-level error; an import takes all of them or none.
 */
const HEADERS: Record<string, keyof MemberProfile> = {
  姓名: "name",
  手机: "phone",
  手机号: "phone",
  手机号码: "phone",
  邮箱: "email",
  电子邮箱: "email",
  单位: "unit",
  工作单位: "unit",
  职务: "title",
  新阶层类别: "stratum",
  类别: "stratum",
  角色: "roles",
  身份证号: "idNumber",
  身份证号码: "idNumber",
};

const FIELD_LABELS: Record<keyof MemberProfile, string> = {
  name: "姓名",
  phone: "手机",
  email: "邮箱",
  unit: "单位",
  title: "职务",
  stratum: "新阶层类别",
  roles: "角色",
  idNumber: "身份证号",
};

const ROLE_BY_LABEL = new Map<string, Role>(Object.entries(ROLES).map(([code, label]) => [label, code as Role]));

export interface RowError {
  /** 1-based line in the file, header included (row 2 is the first person). */
  row: number;
  column: string;
  message: string;
}

export { MAX_ROSTER_ROWS, readRoster, rosterFormatOf, type RosterFormat } from "./roster-file";

/** A person of the roll with the line they came from. */
export interface RosterPerson {
  row: number;
  profile: MemberProfile;
}

/** Every row of a roll sorted into people who can be written and rows with errors. */
export interface CheckedRoster {
  people: RosterPerson[];
  errors: RowError[];
}

function parseRoles(cell: string): Role[] | string {
  const labels = cell.split(/[,，、;；\s]+/).filter(Boolean);
  if (labels.length === 0) return ["member"];
  const roles: Role[] = [];
  for (const label of labels) {
    const role = ROLE_BY_LABEL.get(label) ?? (label in ROLES ? (label as Role) : undefined);
    if (!role) return label;
    roles.push(role);
  }
  return roles;
}

/**
 * Sorts a sheet (header row first) into people and bad rows, for the preview and the import alike.
 * A sheet that is not a roll at all (no header, missing columns, no rows, too many) throws `member.import_invalid`.
 */
export function checkRoster(sheet: string[][]): CheckedRoster {
  const [header, ...rows] = sheet;
  if (!header) throw new AppError("member.import_invalid", "文件是空的", { details: { rows: [] }, fields: { file: ["文件是空的"] } });
  const columns = header.map((title) => HEADERS[title.trim()]);
  const missing = (["name", "phone"] as const).filter((field) => !columns.includes(field));
  if (missing.length > 0) {
    const names = missing.map((field) => FIELD_LABELS[field]).join("、");
    throw new AppError("member.import_invalid", `缺少必需的列：${names}`, { fields: { file: [`缺少必需的列：${names}`] }, details: { rows: [] } });
  }
  if (rows.length === 0) {
    throw new AppError("member.import_invalid", "花名册中没有成员", { fields: { file: ["花名册中没有成员"] }, details: { rows: [] } });
  }
  if (rows.length > MAX_ROSTER_ROWS) {
    throw new AppError("member.import_invalid", `一次最多导入${MAX_ROSTER_ROWS}人`, { fields: { file: [`一次最多导入${MAX_ROSTER_ROWS}人`] }, details: { rows: [] } });
  }

  const errors: RowError[] = [];
  const people: RosterPerson[] = [];
  const firstRowOfPhone = new Map<string, number>();
  const firstRowOfId = new Map<string, number>();
  rows.forEach((cells, index) => {
    const row = index + 2;
    const raw: Record<string, unknown> = {};
    columns.forEach((field, column) => {
      const cell = (cells[column] ?? "").trim();
      if (!field || cell === "") return;
      if (field === "roles") {
        const roles = parseRoles(cell);
        if (typeof roles === "string") errors.push({ row, column: "角色", message: `未知角色“${roles}”` });
        else raw.roles = roles;
      } else raw[field] = cell;
    });
    const result = MemberProfileSchema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = issue.path[0] as keyof MemberProfile;
        errors.push({ row, column: FIELD_LABELS[field] ?? String(field), message: issue.message });
      }
      return;
    }
    const earlier = firstRowOfPhone.get(result.data.phone);
    if (earlier) {
      errors.push({ row, column: "手机", message: `与第${earlier}行的手机号重复` });
      return;
    }
    const { idNumber } = result.data;
    const earlierId = idNumber ? firstRowOfId.get(idNumber) : undefined;
    if (earlierId) {
      errors.push({ row, column: "身份证号", message: `与第${earlierId}行的身份证号重复` });
      return;
    }
    if (idNumber) firstRowOfId.set(idNumber, row);
    firstRowOfPhone.set(result.data.phone, row);
    people.push({ row, profile: result.data });
  });
  return { people, errors };
}

/** Turns a sheet (header row first) into profiles, or throws `member.import_invalid` with every row error. */
export function parseRoster(sheet: string[][]): MemberProfile[] {
  const { people, errors } = checkRoster(sheet);
  if (errors.length > 0) {
    throw new AppError("member.import_invalid", `花名册有${errors.length}处错误，未导入任何人`, { details: { rows: errors } });
  }
  return people.map((person) => person.profile);
}

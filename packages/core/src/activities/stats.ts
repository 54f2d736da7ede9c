import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { batchGetAll } from "../db/batch";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { queryAll } from "../db/query";
import { listChildren, type Org } from "../orgs/orgs";
import type { TransactItem } from "../db/transactions";
import { names } from "./expressions";
import type { Activity } from "./model";
import { ACTIVITY_THEMES } from "./proposal-form";
import { monthOf, yearOf } from "./time";

/**
 * Per-org activity statistics (场次, 人次, 人数 by month and theme), kept incrementally: a
 * filed summary adds to a month × theme cell and to the year's totals of its unit and of
 * every org above it; a marker per person per org per year counts distinct people.
 */

export interface Figures {
  activities: number;
  attendances: number;
}
export interface YearTotals extends Figures {
  people: number;
}
export interface StatsCell extends Figures {
  month: string;
  theme: string;
  themeLabel: string;
}

/** What one summarized activity adds, and to which orgs (the unit and its ancestors). */
export interface Contribution extends Figures {
  orgIds: string[];
  year: string;
  month: string;
  theme: string;
  themeLabel: string;
}

export function contributionOf(activity: Pick<Activity, "orgId" | "unitPath" | "startsAt" | "theme" | "themeLabel">, attendance: number): Contribution {
  return {
    orgIds: [...activity.unitPath, activity.orgId],
    year: yearOf(activity.startsAt),
    month: monthOf(activity.startsAt),
    theme: activity.theme,
    themeLabel: activity.themeLabel,
    activities: 1,
    attendances: attendance,
  };
}

/** The updates that add a contribution to every org's cell and year totals (people are counted apart). */
export function contributionItems(contribution: Contribution): TransactItem[] {
  const { year, month, theme, themeLabel, activities, attendances } = contribution;
  return contribution.orgIds.flatMap((orgId): TransactItem[] => [
    {
      Update: {
        TableName: tableName(),
        Key: Keys.statsCell(orgId, year, month, theme),
        UpdateExpression: "SET #type = :cell, #orgId = :org, #year = :year, #month = :month, #theme = :theme, #themeLabel = :label ADD #activities :a, #attendances :n",
        ExpressionAttributeNames: names("type", "orgId", "year", "month", "theme", "themeLabel", "activities", "attendances"),
        ExpressionAttributeValues: { ":cell": "statsCell", ":org": orgId, ":year": year, ":month": month, ":theme": theme, ":label": themeLabel, ":a": activities, ":n": attendances },
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: Keys.statsYear(orgId, year),
        UpdateExpression: "SET #type = :total, #orgId = :org, #year = :year ADD #activities :a, #attendances :n",
        ExpressionAttributeNames: names("type", "orgId", "year", "activities", "attendances"),
        ExpressionAttributeValues: { ":total": "statsYear", ":org": orgId, ":year": year, ":a": activities, ":n": attendances },
      },
    },
  ]);
}

// ---------------------------------------------------------------------------------------
// The report (pure)
// ---------------------------------------------------------------------------------------

export interface ChildFigures extends YearTotals {
  orgId: string;
  name: string;
}

export interface StatsReport {
  orgId: string;
  orgName: string;
  year: string;
  totals: YearTotals;
  byMonth: Array<Figures & { month: string }>;
  byTheme: Array<Figures & { theme: string; label: string }>;
  byChild: ChildFigures[];
  /** Held by the org itself (本级), not by an org beneath it. */
  own: Figures;
}

const MONTHS = Array.from({ length: 12 }, (_, index) => String(index + 1).padStart(2, "0"));
const THEME_ORDER = new Map<string, number>(ACTIVITY_THEMES.map((theme, index) => [theme.value, index]));

export function buildReport(input: { org: Pick<Org, "orgId" | "name">; year: string; cells: StatsCell[]; totals?: YearTotals; children: ChildFigures[] }): StatsReport {
  const totals = input.totals ?? { activities: 0, attendances: 0, people: 0 };
  const byMonth = MONTHS.map((month) => {
    const cells = input.cells.filter((cell) => cell.month === month);
    return { month, activities: sum(cells, "activities"), attendances: sum(cells, "attendances") };
  });
  const themes = new Map<string, { theme: string; label: string; activities: number; attendances: number }>();
  for (const cell of input.cells) {
    const entry = themes.get(cell.theme) ?? { theme: cell.theme, label: cell.themeLabel, activities: 0, attendances: 0 };
    entry.activities += cell.activities;
    entry.attendances += cell.attendances;
    themes.set(cell.theme, entry);
  }
  const rank = (theme: string) => THEME_ORDER.get(theme) ?? THEME_ORDER.size;
  const byTheme = [...themes.values()].filter((t) => t.activities > 0 || t.attendances > 0).sort((a, b) => rank(a.theme) - rank(b.theme) || a.theme.localeCompare(b.theme));
  const byChild = [...input.children].sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
  return {
    orgId: input.org.orgId,
    orgName: input.org.name,
    year: input.year,
    totals,
    byMonth,
    byTheme,
    byChild,
    own: { activities: totals.activities - sum(byChild, "activities"), attendances: totals.attendances - sum(byChild, "attendances") },
  };
}

function sum<T extends Figures>(rows: T[], field: keyof Figures): number {
  return rows.reduce((total, row) => total + row[field], 0);
}


// ---------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------

const totalsOf = (item: Record<string, unknown> | undefined): YearTotals => ({
  activities: Number(item?.activities ?? 0),
  attendances: Number(item?.attendances ?? 0),
  people: Number(item?.people ?? 0),
});

/** An org's figures for a year: one Query (cells), one GetItem (totals), its children and their totals. */
export async function readStats(org: Org, year: string): Promise<StatsReport> {
  const key = Keys.statsCellsOf(org.orgId, year);
  const items = await queryAll({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": key.pk, ":prefix": key.skPrefix },
  });
  const cells: StatsCell[] = items.map((item) => ({
    month: item.month as string,
    theme: item.theme as string,
    themeLabel: (item.themeLabel as string | undefined) ?? (item.theme as string),
    activities: Number(item.activities ?? 0),
    attendances: Number(item.attendances ?? 0),
  }));
  const [{ Item: total }, children] = await Promise.all([
    db().send(new GetCommand({ TableName: tableName(), Key: Keys.statsYear(org.orgId, year) })),
    listChildren(org.orgId),
  ]);
  const childTotals = new Map((await batchGetAll(children.map((child) => Keys.statsYear(child.orgId, year)))).map((item) => [item.orgId as string, item]));
  return buildReport({
    org,
    year,
    cells,
    totals: totalsOf(total),
    children: children.map((child) => ({ orgId: child.orgId, name: child.name, ...totalsOf(childTotals.get(child.orgId)) })),
  });
}

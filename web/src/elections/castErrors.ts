import { ApiError } from "../api";

export interface CastProblem {
  heading: string;
  detail: string;
  /** A retry with the same Idempotency-Key can help (network, overload); otherwise the ballot cannot go in. */
  retry: boolean;
}

/** What a refused cast tells the voter, in plain words. */
export function castProblem(error: unknown, byCode: boolean): CastProblem {
  if (!(error instanceof ApiError)) return { heading: "提交失败", detail: "出现了意外错误，请重试。", retry: true };
  switch (error.code) {
    case "election.already_voted":
      return {
        heading: byCode ? "此投票码已经使用过" : "您已经投过票",
        detail: "每人只能投一票，本张选票未被接受。如有疑问，请联系监票人。",
        retry: false,
      };
    case "election.closed":
      return { heading: "投票已结束", detail: "投票已经结束，本张选票未被接受。", retry: false };
    case "election.not_open":
      return { heading: "投票尚未开始", detail: "请等主持人宣布开始投票后再提交；您填写的选票会保留在本页。", retry: true };
    case "election.code_invalid":
      return { heading: "投票码无效", detail: "投票码有误或已作废（重新发放后旧码作废）。请核对投票卡，或向工作人员领取新的投票码。", retry: false };
    case "election.card_not_bound":
      return { heading: "投票卡未生效", detail: "此卡没有在签到处发出，不能投票。请到签到处签到领卡。", retry: false };
    case "election.code_throttled":
      return { heading: "尝试次数过多", detail: "投票码输错次数过多，请稍后再试，或向工作人员求助。", retry: true };
    case "election.not_checked_in":
      return { heading: "尚未签到", detail: "现场投票须先签到。请到签到处签到后再提交；您填写的选票会保留在本页。", retry: true };
    case "election.not_on_roll":
      return { heading: "不在选民名册上", detail: "您不在本次选举的选民名册上，不能投票。", retry: false };
    case "network.error":
      return { heading: "网络连接失败", detail: "选票可能没有送达。请检查网络后点“重新提交”——重复提交不会多投一票。", retry: true };
    default:
      if (error.status === 401) return { heading: "请先登录", detail: "登录已过期，请重新登录后再投票。", retry: false };
      if (error.status >= 500 || error.status === 503) return { heading: "服务器繁忙", detail: "请稍候点“重新提交”——重复提交不会多投一票。", retry: true };
      return { heading: "选票未被接受", detail: error.title, retry: true };
  }
}

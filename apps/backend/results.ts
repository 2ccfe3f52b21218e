import { randomInt } from 'node:crypto';
import type { Application } from '../../src/acceptance/contract/application.js';
import type { CaseResult } from '../../src/acceptance/contract/case.js';

/**
 * 一窗发证: what the applicant receives and how, made when the case is 办结. The waybill number is
 * a placeholder of the reference backend: a real platform fills in the carrier's number.
 */
export function makeResult(caseNo: string, app: Application): CaseResult {
  const outputs = app.checklist.outputs;
  switch (app.delivery.method) {
    case 'window':
      return {
        method: 'window',
        label: '窗口领取',
        outputs,
        pickupCode: String(randomInt(0, 1_000_000)).padStart(6, '0'),
        note: '请携带申请人身份证原件和取件码，到受理窗口领取办理结果。',
      };
    case 'post':
      return {
        method: 'post',
        label: '邮寄',
        outputs,
        carrier: 'EMS',
        waybillNo: `PH${caseNo.slice(2)}`,
        note: '办理结果将通过EMS免费寄出；运单号为占位编号，以邮政揽收后的实际单号为准。',
      };
    case 'electronic':
      return {
        method: 'electronic',
        label: '电子证照',
        outputs,
        licenceNo: `DZZZ-${caseNo}`,
        note: '电子证照已生成，可在政务服务网个人空间的“我的证照”中查看和下载，与纸质证照具有同等效力。',
      };
  }
}

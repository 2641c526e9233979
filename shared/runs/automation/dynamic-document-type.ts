/** The bizproc `DOCUMENT_TYPE` of a smart process. */
export function dynamicDocumentType(entityTypeId: number): [string, string, string] {
  return ['crm', 'Bitrix\\Crm\\Integration\\BizProc\\Document\\Dynamic', `DYNAMIC_${entityTypeId}`];
}

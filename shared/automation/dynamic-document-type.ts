/** The bizproc `DOCUMENT_TYPE` of a smart process (reference bitrix24-rest.md §9.3). */
export function dynamicDocumentType(entityTypeId: number): [string, string, string] {
  return ['crm', 'Bitrix\\Crm\\Integration\\BizProc\\Document\\Dynamic', `DYNAMIC_${entityTypeId}`];
}

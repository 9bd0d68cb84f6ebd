/**
 * A campus row at Lyon as the service writes it (commune, department and region derived from the
 * INSEE code), for the fixtures of other modules that insert campuses straight into the table.
 */
export const lyonCampusRow = (name: string) => ({
  name,
  searchKey: name.toLowerCase(),
  inseeCode: '69123',
  commune: 'Lyon',
  departmentCode: '69',
  departmentName: 'Rhône',
  regionCode: '84',
  regionName: 'Auvergne-Rhône-Alpes',
})

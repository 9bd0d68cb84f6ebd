/**
 * `pnpm bench:data --enrolments 1000000`: builds a deterministic, realistic data set for
 * `pnpm bench:stats` in its own PostgreSQL database (`trajectoires_bench_stats` on the local socket,
 * dropped and created again), entirely inside PostgreSQL (generate_series, no row crosses the wire).
 *
 * The shape: hundreds of campuses (one per 2,500 enrolments), cohorts of 12 to 16 starting every few
 * weeks from January 2016 to June 2026, 7% of applicants stopped at the jury or on the waiting list,
 * 4% leaving before the end of the trial period; then 72% completing, 14% dropping out, 7% leaving for
 * a job, 3% dismissed, 4% excluded. Outcomes observed at exit, six and twelve months (93% answer at six
 * months; about three quarters of entrants positive), with some failed contacts (`unreachable`) and 3%
 * of the six-month observations corrected later. Every value comes from md5 of the row number and a
 * salt: the same arguments give the same records (ids aside).
 *
 * Triggers are off while loading (`session_replication_role = replica`, which needs a superuser, as
 * `root` is on the local server); the statistics tables are then built by `stats_rebuild()`, as an
 * operator would after a bulk load.
 *
 * Options: --enrolments N (default 100000), --database NAME (default trajectoires_bench_stats).
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { loadAverage } from './support.js'

const args = process.argv.slice(2)
function option(name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`)
  if (i >= 0 && args[i + 1]) return args[i + 1]!
  const inline = args.find((a) => a.startsWith(`--${name}=`))
  return inline ? inline.slice(name.length + 3) : fallback
}

const enrolments = Number(option('enrolments', '100000'))
const database = option('database', 'trajectoires_bench_stats')
if (!Number.isInteger(enrolments) || enrolments < 100) throw new Error('--enrolments: a whole number ≥ 100')
if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error('--database: a plain lower-case name')

const socketUrl = (name: string) => `postgresql://root@/${name}?host=/var/run/postgresql`
const apiDir = fileURLToPath(new URL('../../services/api/', import.meta.url))
/** The day the data set is generated "as of": fixed, so that two runs give the same records. */
const today = '2026-11-28'

const campusCount = Math.max(4, Math.round(enrolments / 2500))
const cohortCount = Math.ceil(enrolments / 14) + 50

const steps: Array<[string, string]> = [
  [
    'helpers',
    `create function pg_temp.r(i bigint, salt int) returns float8 language sql immutable parallel safe as
     $$ select ('x' || substr(md5(i::text || ':' || salt::text), 1, 8))::bit(32)::bigint / 4294967296.0 $$`,
  ],
  [
    'track',
    `insert into tracks (name, search_key, hours, components, rncp_code, certification_level, certification_title)
     values ('Câbleur raccordeur réseaux fibre optique et FTTH', 'cableur raccordeur reseaux fibre optique et ftth rncp36873',
       250, '{remedial_basics,driving_licence,technical_platform,internship}', 'RNCP36873', 3,
       'Câbleur raccordeur réseaux fibre optique et FTTH')`,
  ],
  [
    'campuses',
    `create temp table bench_campuses as
     select c as no, gen_random_uuid() as id from generate_series(0, ${campusCount - 1}) c;
     insert into campuses (id, name, search_key, insee_code, commune, department_code, department_name,
       region_code, region_name, status, opening_date, yearly_capacity, provenance)
     select id, 'Campus ' || lpad(no::text, 4, '0'), 'campus ' || lpad(no::text, 4, '0'), '69123', 'Lyon', '69', 'Rhône',
       '84', 'Auvergne-Rhône-Alpes', case when pg_temp.r(no, 1) < 0.05 then 'closed' else 'open' end,
       date '2016-01-04', 30 + floor(pg_temp.r(no, 2) * 31)::int, 'demo'
     from bench_campuses`,
  ],
  [
    'cohorts',
    `create temp table bench_cohorts as
     with k as (
       select k, k % ${campusCount} as campus_no,
         date '2016-01-04' + ((k / ${campusCount}) * 3800 / ${Math.ceil(cohortCount / campusCount)})::int
           + ((k % ${campusCount}) % 21) as start_date,
         12 + floor(pg_temp.r(k, 3) * 5)::int as size
       from generate_series(0, ${cohortCount - 1}) k
     ), s as (select k.*, sum(size) over (order by k) - size as first from k)
     select s.*, s.start_date + 91 as end_date, gen_random_uuid() as id, c.id as campus_id
     from s join bench_campuses c on c.no = s.campus_no
     where s.first < ${enrolments};
     insert into cohorts (id, campus_id, track_id, name, search_key, start_date, end_date, planned_seats, status, jury_date, provenance)
     select b.id, b.campus_id, (select id from tracks limit 1), 'Session ' || b.k, 'session ' || b.k, b.start_date,
       b.end_date, 15, case when b.end_date < date '${today}' then 'completed'
         when b.start_date <= date '${today}' then 'in_training' else 'recruiting' end,
       b.start_date - 21, 'demo'
     from bench_cohorts b`,
  ],
  [
    'people',
    `create temp table bench_people as
     select i, b.id as cohort_id, b.campus_id, b.start_date, b.end_date,
       gen_random_uuid() as learner_id, gen_random_uuid() as enrolment_id,
       pg_temp.r(i, 10) as jury, pg_temp.r(i, 11) as early, pg_temp.r(i, 12) as reason_draw
     from bench_cohorts b
     cross join lateral generate_series(b.first, least(b.first + b.size, ${enrolments}) - 1) i;
     alter table bench_people add column integration date, add column exit date, add column reason text, add column stage text;
     update bench_people set
       stage = case when jury < 0.05 then 'jury_rejected' when jury < 0.07 then 'withdrawn'
         when early < 0.04 then 'withdrawn'
         when end_date >= date '${today}' then case when start_date <= date '${today}' then 'in_training' else 'enrolled' end
         when reason_draw < 0.72 then 'completed' else 'withdrawn' end,
       integration = case when jury < 0.07 or early < 0.04 or start_date + 14 > date '${today}' then null
         else start_date + 14 end,
       exit = case when jury < 0.07 then null
         when early < 0.04 then case when start_date + 10 <= date '${today}' then start_date + 5 + floor(pg_temp.r(i, 13) * 8)::int end
         when end_date >= date '${today}' then null
         when reason_draw < 0.72 then end_date
         else least(end_date, start_date + 20 + floor(pg_temp.r(i, 13) * 65)::int) end,
       reason = case when jury < 0.07 then null
         when early < 0.04 then case when start_date + 10 <= date '${today}' then 'dropout' end
         when end_date >= date '${today}' then null
         when reason_draw < 0.72 then 'completed' when reason_draw < 0.86 then 'dropout'
         when reason_draw < 0.93 then 'left_for_job' when reason_draw < 0.96 then 'dismissed' else 'excluded' end;
     update bench_people set stage = 'enrolled' where stage = 'withdrawn' and exit is null and jury >= 0.07`,
  ],
  [
    'learners',
    `insert into learners (id, campus_id, reference, birth_year, sex, qpv_resident, qpv_list_version, diploma_at_entry,
       months_out_of_school, neet_at_entry, referrer, driving_licence_at_entry, provenance)
     select learner_id, campus_id, 'B' || i, 1993 + floor(pg_temp.r(i, 20) * 12)::int,
       case when pg_temp.r(i, 21) < 0.12 then 'female' else 'male' end,
       case when pg_temp.r(i, 22) < 0.45 then true when pg_temp.r(i, 22) < 0.9 then false end,
       case when pg_temp.r(i, 22) < 0.9 then '2015' end,
       case when pg_temp.r(i, 23) < 0.55 then 'none' when pg_temp.r(i, 23) < 0.75 then 'brevet'
         when pg_temp.r(i, 23) < 0.95 then 'cap_bep' else 'bac' end,
       floor(pg_temp.r(i, 24) * 36)::int, pg_temp.r(i, 25) < 0.7,
       case when pg_temp.r(i, 26) < 0.4 then 'mission_locale' when pg_temp.r(i, 26) < 0.65 then 'france_travail'
         when pg_temp.r(i, 26) < 0.8 then 'e2c' when pg_temp.r(i, 26) < 0.95 then 'self' else 'other' end,
       pg_temp.r(i, 27) < 0.2, 'demo'
     from bench_people`,
  ],
  [
    'enrolments',
    `insert into enrolments (id, learner_id, cohort_id, stage, applied_on, stage_changed_on, integration_confirmed_on,
       exit_date, exit_reason, exclusion_reason, certification_obtained, provenance)
     select enrolment_id, learner_id, cohort_id, stage, start_date - 30 - floor(pg_temp.r(i, 14) * 30)::int,
       coalesce(exit, integration, start_date - 30), integration, exit, reason,
       case when reason = 'excluded' then (array['moved_away', 'long_illness', 'deceased', 'incarcerated'])[1 + floor(pg_temp.r(i, 15) * 4)::int] end,
       case when reason = 'completed' then pg_temp.r(i, 16) < 0.8 end, 'demo'
     from bench_people`,
  ],
  [
    'observations',
    `create temp table bench_obs as
     with due as (
       select p.i, p.enrolment_id, p.reason, c.checkpoint, c.months, c.answer,
         (p.exit + make_interval(months => c.months))::date as due_on
       from bench_people p
       cross join (values ('exit', 0, 0.92), ('m6', 6, 0.93), ('m12', 12, 0.82)) as c(checkpoint, months, answer)
       where p.integration is not null and p.exit is not null
     ), drawn as (
       select d.*, least(0.9999, pg_temp.r(i, 30 + months) + case when reason in ('dropout', 'dismissed') then 0.15 else 0 end) as s,
         pg_temp.r(i, 40 + months) as k, pg_temp.r(i, 50 + months) as o
       from due d
       where pg_temp.r(i, 20 + months) < answer and due_on + 45 <= date '${today}'
     ), situated as (
       select drawn.*, case when s < 0.62 then 'employed' when s < 0.74 then 'work_study'
         when s < 0.85 then 'qualifying_training' when s < 0.95 then 'job_seeking' when s < 0.98 then 'inactive'
         else 'unreachable' end as situation
       from drawn
     )
     select gen_random_uuid() as id, i, enrolment_id, checkpoint, situation,
       case when checkpoint = 'exit' then due_on + floor(o * 30)::int else due_on + floor(o * 41)::int - 20 end as observed_on,
       case when situation = 'employed' then case when k < 0.35 then 'cdi' when k < 0.65 then 'cdd'
           when k < 0.80 then 'temp_agency' when k < 0.85 then 'cdi_interim' when k < 0.93 then 'subsidised'
           when k < 0.96 then 'civil_service' else 'self_employed' end
         when situation = 'work_study' then case when k < 0.7 then 'apprenticeship' else 'professionalisation' end
       end as contract_type,
       k
     from situated;
     alter table bench_obs add column contract_months integer, add column recorded_at timestamptz;
     update bench_obs set
       contract_months = case when contract_type in ('cdd', 'temp_agency', 'subsidised', 'apprenticeship', 'professionalisation')
         and pg_temp.r(i, 60) < 0.9 then 1 + floor(pg_temp.r(i, 61) * 18)::int end,
       recorded_at = least(timestamptz '${today}T00:00:00Z',
         (observed_on + floor(pg_temp.r(i, 62) * 30)::int)::timestamp + interval '10 hours');
     insert into outcome_observations (id, enrolment_id, checkpoint, observed_on, situation, contract_type, contract_months,
       source, provenance, recorded_at)
     select id, enrolment_id, checkpoint, observed_on, situation, contract_type, contract_months,
       case when pg_temp.r(i, 63) < 0.6 then 'self_declared' when pg_temp.r(i, 63) < 0.85 then 'employer_confirmed' else 'document' end,
       'demo', recorded_at
     from bench_obs`,
  ],
  [
    'failed contacts',
    `insert into outcome_observations (enrolment_id, checkpoint, observed_on, situation, source, provenance, recorded_at)
     select enrolment_id, checkpoint, observed_on - 25, 'unreachable', 'partner_report', 'demo', recorded_at - interval '25 days'
     from bench_obs where checkpoint = 'm6' and pg_temp.r(i, 64) < 0.03`,
  ],
  [
    'corrections',
    `insert into outcome_observations (enrolment_id, checkpoint, observed_on, situation, contract_type, contract_months,
       source, supersedes_id, provenance, recorded_at)
     select enrolment_id, checkpoint, observed_on,
       case when situation = 'employed' then 'job_seeking' else 'employed' end,
       case when situation = 'employed' then null else 'cdd' end,
       case when situation = 'employed' then null else 6 end,
       'document', id, 'demo',
       least(timestamptz '${today}T00:00:01Z', recorded_at + (20 + floor(pg_temp.r(i, 65) * 40)::int) * interval '1 day')
     from bench_obs where checkpoint = 'm6' and pg_temp.r(i, 66) < 0.03`,
  ],
]

async function main() {
  const started = Date.now()
  const admin = new pg.Client({ connectionString: socketUrl('postgres') })
  await admin.connect()
  await admin.query(`drop database if exists ${database} with (force)`)
  await admin.query(`create database ${database}`)
  await admin.end()

  const migrated = spawnSync(process.execPath, ['--import', 'tsx', 'src/db/migrate-cli.ts'], {
    cwd: apiDir,
    env: { ...process.env, DATABASE_URL: socketUrl(database), LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  })
  if (migrated.status !== 0) throw new Error(`migration failed:\n${migrated.stdout}${migrated.stderr}`)
  console.log(`bench:data · ${database} · ${enrolments.toLocaleString('en-US')} enrolments · ${migrated.stdout.trim()}`)
  console.log(`load average before: ${loadAverage()}`)

  const client = new pg.Client({ connectionString: socketUrl(database) })
  await client.connect()
  try {
    await client.query('set session_replication_role = replica')
    await client.query('set jit = off')
    await client.query(`set work_mem = '64MB'`)
    for (const [label, statement] of steps) {
      const t0 = Date.now()
      await client.query(statement)
      console.log(`  ${label.padEnd(16)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s`)
    }
    await client.query('set session_replication_role = origin')
    // The generator's temporary tables are not part of the data set: gone before its size is read.
    await client.query('discard temp')
    let t0 = Date.now()
    await client.query('select stats_rebuild()')
    console.log(`  ${'stats_rebuild()'.padEnd(16)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s`)
    t0 = Date.now()
    await client.query('vacuum analyze')
    console.log(`  ${'vacuum analyze'.padEnd(16)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s`)

    const placed = ['completed', 'other']
      .flatMap((r) =>
        ['employed_lasting', 'employed_other', 'work_study', 'qualifying_training'].map((c) => `${r}_${c}`),
      )
      .join(' + ')
    const { rows } = await client.query<Record<string, string>>(`
      select (select count(*) from campuses) as campuses, (select count(*) from cohorts) as cohorts,
        (select count(*) from enrolments) as enrolments, (select count(*) from outcome_observations) as observations,
        (select count(*) from outcome_observations where supersedes_id is not null) as corrections,
        (select count(*) from stats_facts) as population,
        (select count(*) from stats_cube_campus) as campus_cube_rows,
        (select round(sum(${placed})::numeric / nullif(sum(completed_n + other_n), 0), 4)
         from stats_cube_network where checkpoint = 'm6') as positive_m6,
        (select round(sum(completed_unknown + other_unknown)::numeric / nullif(sum(completed_n + other_n), 0), 4)
         from stats_cube_network where checkpoint = 'm6') as unknown_m6,
        pg_size_pretty(pg_database_size(current_database())) as size`)
    const r = rows[0]!
    console.log(
      `  ${r.campuses} campuses, ${r.cohorts} cohorts, ${r.enrolments} enrolments, ${r.observations} observations ` +
        `(${r.corrections} corrections); ${r.population} exited entrants; r_positive at m6 on entrants ${r.positive_m6} ` +
        `(unknown ${r.unknown_m6}); ${r.campus_cube_rows} campus-cube rows; database ${r.size}`,
    )
    console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s · load average after: ${loadAverage()}`)
  } finally {
    await client.end()
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err)
  process.exitCode = 1
})

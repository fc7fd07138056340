"""Word lists for recognising leads: role nouns, organisation nouns, acronyms, filler words.

All entries are lowercase. These are general vocabulary of English public-service and
safeguarding documents; nothing here names a particular authority or person.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Nouns that head a role: "Partnership manager", "Chair of CDOP", "Designated Nurse".
ROLE_HEADS = _words("""
    chair chairs chairperson chairpersons chairman chairwoman chairmen co-chair co-chairs
    vice-chair vice-chairs cochair convenor convenors convener conveners
    manager managers lead leads leader leaders director directors head heads
    officer officers coordinator coordinators co-ordinator co-ordinators coordinater
    commissioner commissioners consultant consultants nurse nurses doctor doctors
    paediatrician paediatricians pediatrician gp gps executive executives member members
    worker workers adviser advisers advisor advisors practitioner practitioners
    inspector inspectors commander commanders superintendent superintendents
    secretary secretaries administrator administrators analyst analysts
    champion champions governor governors headteacher headteachers head-teacher
    teacher teachers therapist therapists psychologist psychologists psychiatrist
    psychiatrists midwife midwives visitor visitors trainer trainers
    representative representatives rep reps mayor councillor councillors holder holders
    supervisor supervisors facilitator facilitators organiser organisers organizer
    clerk auditor auditors registrar solicitor solicitors lawyer lawyers sergeant sergeants
    constable constables owner owners sponsor sponsors ceo deputies
    principals headmaster headmistress dean deans provost scrutineer scrutineers
    investigator investigators caseworker caseworkers navigator navigators mentor mentors
    broker brokers planner planners librarian warden wardens guardian guardians
    ambassador ambassadors advocate advocates chaplain
""")

# Chair-like heads: they take a bare complement naming their group ("Chair Training Group")
# and then do not take an organisation in front of them.
CHAIR_HEADS = _words("""
    chair chairs chairperson chairman chairwoman co-chair co-chairs vice-chair cochair
    convenor convener
""")

# Heads that take an "of" complement and no pre-modifier beyond a title ("Head of Service").
OF_HEADS = _words("head heads")

# Words placed before a role noun as a title, not as a separate lead.
ROLE_ADJECTIVES = _words("""
    deputy vice assistant associate acting interim joint independent senior principal
    chief named designated nominated strategic co regional area
    divisional operational general substantive temporary locum lay elected
""")

# Nouns that head an organisation or a body: "Community Safety Partnership", "Police".
GENERIC_ORG_HEADS = _words("""
    group groups sub-group sub-groups subgroup subgroups board boards panel panels
    committee committees team teams unit units service services forum forums network
    networks partnership partnerships trust trusts authority authorities department
    departments directorate directorates agency agencies partners hub hubs office offices
    council councils alliance alliances consortium body bodies centre centres center
    college colleges school schools hospital hospitals provider providers organisation
    organisations organization organizations cabinet secretariat division divisions
    commission commissions
""")

# Organisation nouns that name a lead on their own ("Police", "Health").
NAMED_ORG_HEADS = _words("""
    police health education probation housing constabulary nhs cafcass ofsted
    camhs ccg ccgs icb icbs lscb lscbs lsab scp mash yot yos cps
""")

ORG_HEADS = GENERIC_ORG_HEADS | NAMED_ORG_HEADS

# Head nouns that end the name of a body: after one, a capitalised place starts another body
# ("Hampshire Constabulary Hampshire Fire and Rescue Service"). Not "hospitals", "nhs" ...,
# which go on ("Hampshire Hospitals NHS Foundation Trust").
FINAL_ORG_HEADS = _words("""
    council councils constabulary police trust partnership board authority ccg icb
    service services commission
""")

# Head nouns of a part of a service, which the service's name premodifies: "Early Help Quality
# Assurance Team" is the early help service's team (one lead), "Public Health Youth Council" two.
SUBUNIT_ORG_HEADS = _words("""
    team teams unit units hub hubs office offices section sections
""")

# Multi-word organisations that stand alone as a lead ("Public Health Youth Council" is two).
STANDALONE_ORG_PHRASES: tuple[tuple[str, ...], ...] = tuple(
    tuple(p.split()) for p in """
    public health|early help|children's social care|children's services|adult social care
    |adults social care|adult's social care|adults' social care|adult services|adults services
    |social care
    |community safety|youth offending service|youth offending team|youth justice service
    |youth service|housing services|education services|mental health services
    |health visiting|school nursing|primary care|secondary care|local authority
    |metropolitan police|british transport police|probation service
    |national probation service|community rehabilitation company|voluntary sector
    |children's centres|family support|social work|children's social work
    |adult safeguarding|children's safeguarding|specialist children's services
    |targeted services|commissioning|the police|the local authority
    """.replace("\n", " ").split("|")
    if p.strip()
)

# Acronyms that name a role rather than an organisation.
ROLE_ACRONYMS = _words("""
    dcs dass dph iro iros lado lados gp gps sw dsl dsls dso senco sencos ceo cfo coo
    pcfsw psw hos md cmo cno don dcn dci di ds dsupt supt sio pcc
""")

# Acronyms of topics, not of bodies or posts: "Chair of CSE and Missing Subgroup" is one group.
TOPIC_ACRONYMS = _words("""
    cse cce fgm sen send dv da dva lac cla cp cpp cin eh sids sudi sudic caf asb vawg cme
    ehe ace aces sgo sar sars scr scrs csr csrs lcsr lcsrs imr imrs
""")

# Words of safeguarding / public-service topics: they name what a role or group covers,
# so they are never a person's name on their own.
TOPIC_WORDS = _words("""
    safeguarding quality assurance performance data policy policies procedure procedures
    training development practice learning improvement early help intervention
    interventions prevention protection child children young people peoples person
    persons family families social care work adult adults community communities safety
    public strategy strategic planning commissioning finance financial education
    monitoring evaluation communications communication awareness participation engagement
    voice transformation business specialist client clients virtual looked after
    fostering adoption disability disabilities sen send mental wellbeing well-being
    domestic violence abuse sexual exploitation missing trafficking substance misuse drugs
    drug alcohol youth offending targeted operations operational multi multi-agency agency
    referral referrals assessment assessments review reviews reviewing case cases serious
    management individual local borough city county district metropolitan national
    regional integrated universal inclusion attendance exclusion exclusions nursing
    midwifery primary secondary acute death deaths overview risk risks maternity
    paediatric paediatrics emergency duty access front door housing probation crime
    justice court courts legal resources workforce human standards compliance audit audits
    governance information intelligence analysis research equality equalities diversity
    faith faiths culture cultural voluntary sector third private commissioned contracts
    procurement estates transport leisure libraries environment customer digital
    technology support supporting focus toxic trio corporate parenting neglect harm harmful
    self-harm suicide bereavement carers carer parents parent parental lone disabled
    special educational needs need vulnerable vulnerability vulnerabilities contextual
    extra-familial gangs gang violent radicalisation prevent channel modern slavery
    neonatal infant infants baby babies sudden unexpected child's children's
    independent area areas cross
    adolescent adolescents adolescence teenage teenagers pupil pupils student students
    schools-based early-years years year nursery nurseries childcare sufficiency
    emotional behavioural behavioral physical sensory autism complex led based
    child-centred outcomes outcome accommodation leaving leavers care-leavers
    residential secure homes home offender offenders victim victims witness witnesses
    online e-safety esafety internet cyber ict it hr lay affairs relations working sub
    consultation scrutiny challenge programme programmes project projects plan plans
    first second third fourth fifth new all relevant key other
    east west north south central inner outer greater
    london england wales scotland britain british english uk
""")

# Function words: never a lead on their own, never part of a name.
FUNCTION_WORDS = _words("""
    of for to the a an in on at with by from into within across via per as and or nor
    but & + who which that will would shall should can could may might must be is are
    was were been being has have had do does did not no all any each every both either
    this these those their its his her our your my it they them we us you
    produce report reports responsible accountable including include includes
    behalf under over through between among amongst
""")

CONJUNCTIONS = _words("and & or")

# Empty lead values: a placeholder, not a lead.
EMPTY_LEADS = frozenset({
    "tbc", "tba", "tbd", "n a", "na", "none", "nil", "to be confirmed", "to be agreed",
    "to be determined", "to be decided", "not applicable", "not known", "unknown",
})

# Honorifics and ranks printed before a name; the lead is the name without them.
TITLES = _words("""
    mr mrs ms miss mx dr prof professor cllr councillor sir dame lord lady rev revd
    supt dci di ds dc pc insp
""")

# Given names that are also ordinary words: a name only when the next word is no topic word.
AMBIGUOUS_GIVEN_NAMES = _words("""
    will may june april august grace hope faith joy mark bill rose dawn summer autumn sky
    rich frank pat sunny chance page miles cliff dean earl guy ray rod wade drew carol
    holly ivy iris lily daisy amber ruby jade crystal pearl olive violet hazel heather
    rowan robin prince duke royal paris india china sterling hunter mason gene art chase
    angel star patience prudence charity mercy precious blessing gift promise harmony
    destiny unity justice liberty fortune major early learning young lay
""")

# Name particles allowed inside a surname ("de Souza", "van der Berg").
NAME_PARTICLES = _words("de da di del della van von der den ter le la du bin al el st")


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Common given names (lowercase), shipped in ``normalise/data/given_names.txt``."""
    text = resources.files("normalise.data").joinpath("given_names.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().casefold() for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )

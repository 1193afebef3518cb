using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Core.ReferenceData;
using Commitments.Core.Tenancy;
using Commitments.Web.FrozenReports;
using Commitments.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Demo;

/// <summary>
/// Fills an empty database with a small, believable pact: the regions and themes, thirty-odd
/// organisations of every type, commitments in every state, and one account per role. It runs in
/// Development or when Demo:Seed is true, never in Production, and does nothing when organisations exist.
/// </summary>
/// <remarks>
/// The commitments go through the lifecycle as the application would take them — registered, submitted,
/// approved or returned by the region's lead, withdrawn, revised — through the domain's own methods, with
/// a history line for every step. The 2018–2019 history stays where it was (the 2018 conference, progress
/// in 2019); what is happening now is dated relative to today (the <see cref="TimeProvider"/>'s date), so
/// that on first start the lead of Noord has work waiting, Drenthe has a returned commitment and a
/// co-partner request to answer, and the queue shows real ages.
/// </remarks>
public sealed class DemoDataSeeder(
    CommitmentsDbContext db,
    DataScopeAccessor scope,
    UserManager<AppUser> users,
    TimeProvider time,
    CycleFreezer freezer,
    ILogger<DemoDataSeeder> logger)
{
    public const string Domain = "techniekpact.test";

    /// <summary>Organisations by region: name, type, province, KvK number.</summary>
    private static readonly (string Region, string Name, OrganizationType Type, string Province, string? Kvk)[] Organizations =
    [
        ("noord", "Provincie Drenthe", OrganizationType.Province, "Drenthe", null),
        ("noord", "Provincie Groningen", OrganizationType.Province, "Groningen", null),
        ("noord", "Provincie Fryslân", OrganizationType.Province, "Friesland", null),
        ("noord", "Noordelijke Installatietechniek B.V.", OrganizationType.Business, "Groningen", "01234567"),
        ("noord", "Gemeente Emmen", OrganizationType.Municipality, "Drenthe", null),
        ("noord", "Drenthe College", OrganizationType.EducationInstitution, "Drenthe", "41020000"),
        ("noord", "Hanzehogeschool Groningen", OrganizationType.EducationInstitution, "Groningen", "02045893"),
        ("noord", "TT Instituut Assen", OrganizationType.EducationInstitution, "Drenthe", null),
        ("noord", "InnovatieCluster Drachten", OrganizationType.KnowledgeInstitute, "Friesland", "01155577"),
        ("oost", "Provincie Overijssel", OrganizationType.Province, "Overijssel", null),
        ("oost", "Provincie Gelderland", OrganizationType.Province, "Gelderland", null),
        ("oost", "Gemeente Enschede", OrganizationType.Municipality, "Overijssel", null),
        ("oost", "ROC van Twente", OrganizationType.EducationInstitution, "Overijssel", "06087123"),
        ("oost", "Universiteit Twente", OrganizationType.KnowledgeInstitute, "Overijssel", null),
        ("oost", "Gelderse Maakindustrie B.V.", OrganizationType.Business, "Gelderland", "09112233"),
        ("zuid", "Provincie Limburg", OrganizationType.Province, "Limburg", null),
        ("zuid", "Provincie Noord-Brabant", OrganizationType.Province, "Noord-Brabant", null),
        ("zuid", "Techniekcollege Limburg", OrganizationType.EducationInstitution, "Limburg", "14098765"),
        ("zuid", "Brainport Development", OrganizationType.Other, "Noord-Brabant", "17180870"),
        ("zuid", "Gemeente Eindhoven", OrganizationType.Municipality, "Noord-Brabant", null),
        ("zuid", "Zeeuwse Delta Techniek B.V.", OrganizationType.Business, "Zeeland", "00987654"),
        ("noordwest", "Provincie Noord-Holland", OrganizationType.Province, "Noord-Holland", null),
        ("noordwest", "Provincie Flevoland", OrganizationType.Province, "Flevoland", null),
        ("noordwest", "Gemeente Utrecht", OrganizationType.Municipality, "Utrecht", null),
        ("noordwest", "Hogeschool van Amsterdam", OrganizationType.EducationInstitution, "Noord-Holland", null),
        ("noordwest", "Tata Steel IJmuiden", OrganizationType.Business, "Noord-Holland", "34056789"),
        ("zuidwest", "Provincie Zuid-Holland", OrganizationType.Province, "Zuid-Holland", null),
        ("zuidwest", "Gemeente Rotterdam", OrganizationType.Municipality, "Zuid-Holland", null),
        ("zuidwest", "TU Delft", OrganizationType.KnowledgeInstitute, "Zuid-Holland", null),
        ("zuidwest", "Havenbedrijf Rotterdam", OrganizationType.Business, "Zuid-Holland", "24354561"),
        ("zuidwest", "Ministerie van OCW", OrganizationType.Government, "Zuid-Holland", null),
    ];

    /// <summary>The contact person of the commitments an organisation leads (addresses on the reserved .test domain).</summary>
    private static readonly Dictionary<string, (string Name, string Email)> Contacts = new()
    {
        ["Provincie Drenthe"] = ("Anouk Mulder", "a.mulder@drenthe.techniekpact.test"),
        ["Noordelijke Installatietechniek B.V."] = ("Henk Bosma", "h.bosma@noordelijke-installatietechniek.test"),
        ["Techniekcollege Limburg"] = ("Sanne Janssen", "s.janssen@techniekcollege-limburg.test"),
        ["Hanzehogeschool Groningen"] = ("Pieter de Vries", "p.devries@hanze.test"),
        ["ROC van Twente"] = ("Ingrid Oude Nijhuis", "i.oudenijhuis@rocvantwente.test"),
        ["Brainport Development"] = ("Mark van Doorn", "m.vandoorn@brainport.test"),
        ["Tata Steel IJmuiden"] = ("Fatima El Amrani", "f.elamrani@tatasteel.test"),
        ["Havenbedrijf Rotterdam"] = ("Jeroen Visser", "j.visser@havenbedrijf.test"),
        ["Gemeente Eindhoven"] = ("Lotte Hendriks", "l.hendriks@eindhoven.test"),
        ["TU Delft"] = ("Ravi Ramdin", "r.ramdin@tudelft.test"),
        ["Provincie Overijssel"] = ("Gerrit Kamphuis", "g.kamphuis@overijssel.test"),
    };

    public async Task SeedAsync(string password, CancellationToken ct = default)
    {
        // Seeding writes every organisation's data; there is no user yet.
        // The roles exist already: EnsureRolesAsync runs before the seeder on every start.
        using var widened = scope.Widen(DataScope.Everything("demo data seeder"));
        if (await db.Organizations.AnyAsync(ct))
        {
            logger.LogInformation("Demo data: the database already holds organisations; nothing seeded.");
            return;
        }

        await ReferenceDataSeeder.EnsureAsync(db, ct);
        var regions = await db.Regions.Include(r => r.Provinces).ToDictionaryAsync(r => r.Code, ct);
        var themes = await db.Themes.OrderBy(t => t.SortOrder).ToListAsync(ct);
        var clock = new DemoClock(time);

        // The pact's 2018–2020 cycles, and the current year's when the demo runs later than that: what
        // is happening now belongs to the open cycle (the latest), whose progress is not yet due.
        var years = new List<int> { 2018, 2019, 2020 };
        if (clock.Today.Year > years[^1])
        {
            years.Add(clock.Today.Year);
        }
        var cycles = years.Select(year => new ReportingCycle
        {
            Year = year,
            UpdatesDueOn = new DateOnly(year, 5, 1),
            FreezesOn = new DateOnly(year, 6, 18),
            Themes = themes.ToList(),
        }).ToList();
        db.ReportingCycles.AddRange(cycles);

        var organizations = Organizations.Select(o => new Organization
        {
            Name = o.Name,
            Type = o.Type,
            Region = regions[o.Region],
            Province = regions[o.Region].Provinces.Single(p => p.Name == o.Province),
            KvkNumber = o.Kvk,
        }).ToList();
        db.Organizations.AddRange(organizations);
        await db.SaveChangesAsync(ct);
        Organization Org(string name) => organizations.Single(o => o.Name == name);

        var admin = await CreateUserAsync("admin", "Secretariaat Techniekpact", Roles.Administrator, password);
        await CreateUserAsync("ocw", "Ministerie van OCW", Roles.Ministry, password);
        await CreateUserAsync("ezk", "Ministerie van EZK", Roles.Ministry, password);
        var leads = new Dictionary<int, AppUser>();
        foreach (var region in regions.Values)
        {
            leads[region.Id] = await CreateUserAsync($"trekker.{region.Code}", $"Landsdeeltrekker {region.Name}",
                Roles.RegionalLead, password, regionId: region.Id);
        }
        var partners = new Dictionary<int, AppUser>
        {
            [Org("Provincie Drenthe").Id] = await CreateUserAsync("partner.drenthe", "Partner Provincie Drenthe", Roles.Partner, password, Org("Provincie Drenthe").Id),
            [Org("Noordelijke Installatietechniek B.V.").Id] = await CreateUserAsync("partner.groningen", "Partner Noordelijke Installatietechniek", Roles.Partner, password, Org("Noordelijke Installatietechniek B.V.").Id),
            [Org("Techniekcollege Limburg").Id] = await CreateUserAsync("partner.limburg", "Partner Techniekcollege Limburg", Roles.Partner, password, Org("Techniekcollege Limburg").Id),
        };

        // 1. What each partner registered, as drafts; saved first so that indicators have their ids
        //    before an approval takes its snapshot (CommitmentContent refers to indicators by id).
        var history = cycles[0];
        var current = cycles[^1];
        var commitments = new List<Commitment>();
        var historyStart = new DateOnly(2018, 9, 1);
        var historyEnd = new DateOnly(2020, 12, 31);
        // Commitments of the open cycle start next month and run for two more years.
        var currentStart = new DateOnly(clock.Today.Year, clock.Today.Month, 1).AddMonths(1);
        var currentEnd = new DateOnly(clock.Today.Year + 2, 12, 31);

        Commitment Register(Organization lead, ReportingCycle cycle, string title, string[] themeNames, decimal? budget,
            (string Name, string Unit, decimal Baseline, decimal Target)[] indicators, string? description = null, string? inKind = null)
        {
            var (start, end) = cycle == history ? (historyStart, historyEnd) : (currentStart, currentEnd);
            var contact = Contacts.GetValueOrDefault(lead.Name);
            var c = new Commitment
            {
                Organization = lead,
                ReportingCycle = cycle,
                Title = title,
                Description = description
                    ?? $"{title}. Een toezegging van {lead.Name} voor de jaarconferentie van 18 juni 2018 in Assen.",
                StartDate = start,
                EndDate = end,
                BudgetEuros = budget,
                InKindDescription = inKind,
                ContactName = contact.Name,
                ContactEmail = contact.Email,
                Themes = themes.Where(t => themeNames.Contains(t.Name)).ToList(),
                Indicators = indicators.Select((i, n) => new Indicator
                {
                    Name = i.Name, Unit = i.Unit, Baseline = i.Baseline, Target = i.Target, TargetDate = end, SortOrder = n,
                }).ToList(),
            };
            commitments.Add(c);
            return c;
        }
        CommitmentCoPartner Share(Commitment c, string organization, decimal percent)
        {
            var partner = new CommitmentCoPartner { Organization = Org(organization), SharePercent = percent };
            c.CoPartners.Add(partner);
            c.LeadSharePercent -= percent;
            return partner;
        }

        // The 2018 conference (history).
        var energy = Register(Org("Provincie Drenthe"), history, "Energietransitie in het mbo: 120 stageplaatsen",
            ["Energietransitie", "Leren in de techniek"], 250_000m, [("stageplaatsen techniek", "aantal", 0, 120)]);
        var energyCollege = Share(energy, "Drenthe College", 30);
        var promotion = Register(Org("Provincie Drenthe"), history, "Techniekpromotie op 3/4 van de basisscholen",
            ["Techniek in het primair onderwijs"], 85_500.50m, [("basisscholen met techniekonderwijs", "procent", 40, 75)]);
        var lifelong = Register(Org("Provincie Drenthe"), history, "Leven lang ontwikkelen voor installateurs (concept)",
            ["Leven lang ontwikkelen"], null, []);
        var sideEntry = Register(Org("Noordelijke Installatietechniek B.V."), history, "Zij-instroom in de installatiesector",
            ["Werken in de techniek"], 12_000m, [("zij-instromers", "aantal", 0, 25)]);
        var chemelot = Register(Org("Techniekcollege Limburg"), history, "Leerwerkplaatsen Chemelot",
            ["Leren in de techniek"], 150_000m, [("leerwerkplaatsen", "aantal", 10, 40)]);
        var teachers = Register(Org("Techniekcollege Limburg"), history, "Docentenstages in de maakindustrie",
            ["Leren in de techniek", "Digitalisering"], 30_000m, [("docentenstages", "aantal", 0, 50)]);
        var openDays = Register(Org("Techniekcollege Limburg"), history, "Open dagen techniek 2019 (concept)",
            ["Kiezen voor techniek"], null, []);
        var digital = Register(Org("Hanzehogeschool Groningen"), history, "Digitale vaardigheden voor mkb-medewerkers",
            ["Digitalisering", "Leven lang ontwikkelen"], 320_000m, [("deelnemers", "aantal", 0, 1_000), ("bedrijven", "aantal", 0, 150)]);
        var digitalCluster = Share(digital, "InnovatieCluster Drachten", 20);
        var technasium = Register(Org("ROC van Twente"), history, "Technasium Twente uitbreiden",
            ["Kiezen voor techniek"], 60_000m, [("scholen met technasium", "aantal", 4, 10)]);
        var tata = Register(Org("Tata Steel IJmuiden"), history, "Bedrijfsschool: 200 leerlingen per jaar",
            ["Leren in de techniek"], 2_000_000m, [("leerlingen bedrijfsschool", "aantal", 120, 200)]);
        var port = Register(Org("Havenbedrijf Rotterdam"), history, "Haven als leeromgeving",
            ["Energietransitie", "Digitalisering"], 500_000m, [("stageplaatsen", "aantal", 50, 150)]);
        var neighbourhood = Register(Org("Gemeente Eindhoven"), history, "Techniek in de wijk",
            ["Techniek in het primair onderwijs"], 20_000m, [("activiteiten", "aantal", 0, 30)]);
        var delft = Register(Org("TU Delft"), history, "Lerarenopleiding techniek versterken",
            ["Leren in de techniek"], 400_000m, [("afgestudeerde docenten", "aantal", 20, 60)]);
        var overijssel = Register(Org("Provincie Overijssel"), history, "Regionale investeringsagenda techniek",
            ["Werken in de techniek", "Leven lang ontwikkelen"], 3_000_000m, [("omgeschoolde werkzoekenden", "aantal", 0, 500)]);

        // The open cycle (now).
        var heatPumps = Register(Org("Noordelijke Installatietechniek B.V."), current, "Warmtepompmonteurs opleiden",
            ["Energietransitie", "Werken in de techniek"], 40_000m, [("gediplomeerde monteurs", "aantal", 0, 60)],
            description: $"Met het Drenthe College en de provincie leiden wij in {current.Year} en de twee jaren daarna zestig warmtepompmonteurs op, in de bbl met een baangarantie.");
        // Neither co-partner has answered yet: the list marks them "niet bevestigd", and Drenthe's
        // request waits on its overview.
        Share(heatPumps, "Drenthe College", 20);
        Share(heatPumps, "Provincie Drenthe", 20);
        var talentBox = Register(Org("Brainport Development"), current, "Brainport Talent Box",
            ["Kiezen voor techniek", "Werken in de techniek"], 1_250_000m, [("leerlingen bereikt", "aantal", 0, 25_000)],
            description: "Een lesprogramma met proefjes en bedrijfsbezoeken voor alle groepen 7 en 8 en de onderbouw van het vo in de regio Eindhoven.");
        var techMonth = Register(Org("Provincie Drenthe"), current, "Techniekmaand Drenthe: 4.000 leerlingen op bedrijfsbezoek",
            ["Kiezen voor techniek"], 35_000m, [("leerlingen op bedrijfsbezoek", "aantal", 1_200, 4_000)],
            description: "In oktober bezoeken leerlingen van groep 8 en het vmbo technische bedrijven in de provincie. Wij betalen het vervoer en de begeleiding.",
            inKind: "Begeleiding door veertig techniekambassadeurs van bedrijven");
        var pathway = Register(Org("Provincie Drenthe"), current, "Doorlopende leerlijn techniek vmbo–mbo in Zuidoost-Drenthe",
            ["Leren in de techniek", "Kiezen voor techniek"], 180_000m,
            [("vmbo-leerlingen in de leerlijn", "aantal", 0, 300), ("doorstroom naar mbo-techniek", "procent", 45, 70)],
            description: "Vmbo-scholen in Emmen en Coevorden en het Drenthe College maken één leerlijn techniek van het derde leerjaar tot het mbo-diploma, met gedeelde praktijklokalen.");
        var pathwayCollege = Share(pathway, "Drenthe College", 25);
        Share(pathway, "Gemeente Emmen", 15);

        db.Commitments.AddRange(commitments);
        await db.SaveChangesAsync(ct);

        // 2. Their lives, step by step, through the lifecycle methods, each step in the history.
        var story = new Story(db, leads, partners);
        var drafts = new[] { lifelong, sideEntry, openDays };
        foreach (var c in commitments.Where(c => c.ReportingCycle == history).Except(drafts))
        {
            story.Created(c, clock.History(new DateTime(2018, 4, 16, 9, 30, 0), atLeastDaysAgo: 120));
        }
        story.Confirmed(energy, energyCollege, clock.History(new DateTime(2018, 5, 2, 11, 0, 0), atLeastDaysAgo: 100));
        story.Confirmed(digital, digitalCluster, clock.History(new DateTime(2018, 5, 3, 15, 0, 0), atLeastDaysAgo: 100));
        var submitted2018 = clock.History(new DateTime(2018, 5, 15, 10, 0, 0), atLeastDaysAgo: 90);
        var approved2018 = clock.History(new DateTime(2018, 6, 1, 9, 0, 0), atLeastDaysAgo: 75);
        foreach (var c in new[] { energy, promotion, chemelot, teachers, digital, technasium, tata, port, neighbourhood, delft, overijssel })
        {
            story.Submitted(c, submitted2018);
        }
        story.Returned(chemelot, clock.History(new DateTime(2018, 5, 28, 14, 30, 0), atLeastDaysAgo: 80),
            "Maak het doel concreet: hoeveel leerwerkplaatsen per jaar, en vanaf wanneer?");
        foreach (var c in new[] { energy, promotion, teachers, digital, technasium, tata, port, neighbourhood, delft, overijssel })
        {
            story.Approved(c, approved2018);
        }
        story.Withdrawn(neighbourhood, clock.History(new DateTime(2019, 1, 15, 11, 0, 0), atLeastDaysAgo: 60),
            "De wijkcentra waar de activiteiten zouden plaatsvinden sluiten in 2019; de activiteiten gaan op in het techniekprogramma van de basisscholen.");

        // Now: Noordelijke Installatietechniek's heat-pump course was returned once, changed and submitted again.
        story.Created(heatPumps, clock.DaysAgo(40, 9, 15));
        story.Submitted(heatPumps, clock.DaysAgo(30, 16, 5));
        story.Returned(heatPumps, clock.DaysAgo(25, 10, 20),
            "Hoeveel monteurs leidt u per jaar op, en wie neemt de examens af? Splits het doel van zestig monteurs in jaarlijkse aantallen.");
        story.Changed(heatPumps, clock.DaysAgo(12, 14, 0), c =>
        {
            c.Description += " Examens bij het Drenthe College (erkend examencentrum). Per jaar twintig monteurs.";
            c.Indicators.Add(new Indicator { Name = "monteurs gediplomeerd per jaar", Unit = "aantal", Baseline = 0, Target = 20, TargetDate = currentEnd, SortOrder = 1 });
        });
        story.Submitted(heatPumps, clock.DaysAgo(9, 9, 45));

        story.Created(talentBox, clock.DaysAgo(21, 11, 0));
        story.Submitted(talentBox, clock.DaysAgo(16, 15, 30));

        // Drenthe: one returned with the lead's comment, one new in the queue, and a revision of an approved one.
        story.Created(techMonth, clock.DaysAgo(14, 10, 0));
        story.Submitted(techMonth, clock.DaysAgo(10, 16, 45));
        story.Returned(techMonth, clock.DaysAgo(5, 11, 10),
            "Welke bedrijven doen mee, en hoe telt u de leerlingen? Noem de deelnemende bedrijven als co-partner met hun aandeel, of licht toe waarom niet.");
        story.Created(pathway, clock.DaysAgo(6, 9, 0));
        story.Confirmed(pathway, pathwayCollege, clock.DaysAgo(3, 10, 30));
        story.Submitted(pathway, clock.DaysAgo(1, 14, 15));

        story.RevisionStarted(energy, clock.DaysAgo(4, 10, 15));
        story.Changed(energy, clock.DaysAgo(3, 14, 0), c =>
        {
            c.BudgetEuros = 310_000m;
            c.EndDate = currentEnd;
            c.Indicators.Add(new Indicator { Name = "erkende leerbedrijven energietechniek", Unit = "aantal", Baseline = 12, Target = 40, TargetDate = currentEnd, SortOrder = 1 });
        });
        story.Submitted(energy, clock.DaysAgo(2, 11, 0));

        // Drafts: registered, not yet submitted (two of them not yet SMART).
        foreach (var c in drafts)
        {
            story.Created(c, clock.History(new DateTime(2018, 5, 20, 13, 0, 0), atLeastDaysAgo: 70));
        }
        await db.SaveChangesAsync(ct);

        // 3. Progress: commitments approved in 2018 reported on the 2019 cycle (the withdrawn one had
        //    stopped by then); the cycles after it are still open.
        var cycle2019 = cycles[1];
        var random = new Random(2018); // fixed seed: the same demo every time
        foreach (var c in commitments.Where(c => c.ApprovedRevision != null && c.Status != CommitmentStatus.Withdrawn))
        {
            var health = (ProgressHealth)random.Next(0, 3);
            db.ProgressUpdates.Add(new ProgressUpdate
            {
                CommitmentId = c.Id,
                ReportingCycleId = cycle2019.Id,
                Status = ProgressUpdateStatus.Approved,
                Health = health,
                Narrative = health == ProgressHealth.OnTrack ? "Loopt volgens plan." : "Minder aanmeldingen dan verwacht; extra werving gestart.",
                SubmittedAt = new DateTime(2019, 4, 20, 12, 0, 0, DateTimeKind.Utc),
                // Two years into a three-year commitment: two thirds of the way from baseline to target.
                Values = CommitmentContent.FromJson(c.ApprovedContent)!.Indicators.Select(i => new IndicatorValue
                {
                    IndicatorId = i.Id,
                    Value = i.Baseline + ((i.Target ?? i.Baseline) - i.Baseline) * 2 / 3m,
                }).ToList(),
            });
        }
        await db.SaveChangesAsync(ct);

        // 4. The 2019 report, frozen by the secretariat through the same service as the admin page, so
        //    that the list of frozen reports has real files (national and per landsdeel) on first start.
        //    Only once its conference is past by today's date: the tests that run on 1 May 2018 keep
        //    every cycle open. The 2018 cycle stays open because the commitments of the demo's stories
        //    were registered in it (a frozen cycle takes no changes to them).
        if (clock.Today > cycle2019.FreezesOn)
        {
            var frozen = await freezer.FreezeAsync(cycle2019.Id, admin.Id, admin.UserName, ct);
            logger.LogInformation("Demo data: reporting year {Year} frozen with {Count} reports.", frozen.Year, frozen.Files.Count);
        }
        logger.LogInformation("Demo data seeded: {Organizations} organisations, {Commitments} commitments.", organizations.Count, commitments.Count);
    }

    private async Task<AppUser> CreateUserAsync(string localPart, string displayName, string role, string password,
        int? organizationId = null, int? regionId = null)
    {
        var email = $"{localPart}@{Domain}";
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName,
            OrganizationId = organizationId,
            RegionId = regionId,
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Demo account {email} could not be created: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
        await users.AddToRoleAsync(user, role);
        return user;
    }

    /// <summary>Today in Amsterdam, and moments relative to it.</summary>
    private sealed class DemoClock(TimeProvider time)
    {
        public DateOnly Today { get; } = DateOnly.FromDateTime(AmsterdamTime.Now(time));

        /// <summary>The given Amsterdam time of day, so many days before today, in UTC.</summary>
        public DateTime DaysAgo(int days, int hour, int minute) =>
            TimeZoneInfo.ConvertTimeToUtc(Today.AddDays(-days).ToDateTime(new TimeOnly(hour, minute)), AmsterdamTime.Zone);

        /// <summary>
        /// A moment of the 2018–2019 history (Amsterdam time), or at least so many days before today when
        /// the clock stands earlier (the tests run on 1 May 2018): history stays before what happens now.
        /// </summary>
        public DateTime History(DateTime amsterdam, int atLeastDaysAgo)
        {
            var moment = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(amsterdam, DateTimeKind.Unspecified), AmsterdamTime.Zone);
            var latest = DaysAgo(atLeastDaysAgo, amsterdam.Hour, amsterdam.Minute);
            return moment < latest ? moment : latest;
        }
    }

    /// <summary>
    /// Takes commitments through their lifecycle with the domain's methods, writing the history line the
    /// application writes for each step (action code and <see cref="HistoryDetails"/> as JSON). Partners
    /// act through their demo account where they have one, otherwise under their organisation's name;
    /// decisions are the region's lead's.
    /// </summary>
    private sealed class Story(CommitmentsDbContext db, IReadOnlyDictionary<int, AppUser> leads, IReadOnlyDictionary<int, AppUser> partners)
    {
        public void Created(Commitment c, DateTime at)
        {
            c.CreatedAt = at;
            Record(c, AuditActions.CommitmentCreated, PartnerOf(c.Organization!), at, new HistoryDetails(Revision: c.Revision));
        }

        public void Confirmed(Commitment c, CommitmentCoPartner partner, DateTime at)
        {
            partner.Answer(confirm: true, at);
            Record(c, AuditActions.CoPartnerConfirmed, PartnerOf(partner.Organization!), at, new HistoryDetails(Revision: c.Revision));
        }

        public void Submitted(Commitment c, DateTime at)
        {
            c.Submit(at);
            Record(c, AuditActions.CommitmentSubmitted, PartnerOf(c.Organization!), at, new HistoryDetails(Revision: c.Revision));
        }

        public void Approved(Commitment c, DateTime at)
        {
            var lead = LeadOf(c);
            var review = c.Approve(lead.Id, at);
            Record(c, AuditActions.CommitmentApproved, (lead.Id, lead.Email), at, new HistoryDetails(Revision: review.Revision));
        }

        public void Returned(Commitment c, DateTime at, string comment)
        {
            var lead = LeadOf(c);
            var review = c.Return(lead.Id, comment, at);
            Record(c, AuditActions.CommitmentReturned, (lead.Id, lead.Email), at, new HistoryDetails(Revision: review.Revision, Comment: comment));
        }

        public void Withdrawn(Commitment c, DateTime at, string reason)
        {
            c.Withdraw(reason, at);
            Record(c, AuditActions.CommitmentWithdrawn, PartnerOf(c.Organization!), at, new HistoryDetails(Revision: c.Revision, Reason: reason));
        }

        public void RevisionStarted(Commitment c, DateTime at)
        {
            c.Revise();
            Record(c, AuditActions.CommitmentRevisionStarted, PartnerOf(c.Organization!), at, new HistoryDetails(Revision: c.Revision));
        }

        /// <summary>The partner changes its commitment; the history names each field from what to what.</summary>
        public void Changed(Commitment c, DateTime at, Action<Commitment> change)
        {
            var before = CommitmentContent.Of(c);
            change(c);
            var changes = CommitmentChanges.Between(before, CommitmentContent.Of(c),
                id => c.CoPartners.FirstOrDefault(p => p.OrganizationId == id)?.Organization?.Name ?? $"#{id}");
            Record(c, AuditActions.CommitmentChanged, PartnerOf(c.Organization!), at, new HistoryDetails(Revision: c.Revision, Changes: changes));
        }

        private AppUser LeadOf(Commitment c) => leads[c.Organization!.RegionId];

        private (string? UserId, string? Name) PartnerOf(Organization organization) =>
            partners.TryGetValue(organization.Id, out var user) ? (user.Id, user.Email) : (null, organization.Name);

        private void Record(Commitment c, string action, (string? UserId, string? Name) actor, DateTime at, HistoryDetails details) =>
            db.Audit(action, nameof(Commitment), c.Id, c.OrganizationId, actor.UserId, actor.Name, details.ToJson()).OccurredAt = at;
    }
}

using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Core.ReferenceData;
using Commitments.Core.Tenancy;
using Commitments.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Demo;

/// <summary>
/// Fills an empty database with a small, believable pact: the regions and themes, thirty-odd
/// organisations of every type, commitments in every state, and one account per role. It runs in
/// Development or when Demo:Seed is true, never in Production, and does nothing when organisations exist.
/// </summary>
public sealed class DemoDataSeeder(
    CommitmentsDbContext db,
    DataScopeAccessor scope,
    UserManager<AppUser> users,
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

        var cycles = new[] { 2018, 2019, 2020 }.Select(year => new ReportingCycle
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

        await CreateUserAsync("admin", "Secretariaat Techniekpact", Roles.Administrator, password);
        await CreateUserAsync("ocw", "Ministerie van OCW", Roles.Ministry, password);
        await CreateUserAsync("ezk", "Ministerie van EZK", Roles.Ministry, password);
        var leads = new Dictionary<string, AppUser>();
        foreach (var region in regions.Values)
        {
            leads[region.Code] = await CreateUserAsync($"trekker.{region.Code}", $"Landsdeeltrekker {region.Name}",
                Roles.RegionalLead, password, regionId: region.Id);
        }
        await CreateUserAsync("partner.drenthe", "Partner Provincie Drenthe", Roles.Partner, password, Org("Provincie Drenthe").Id);
        await CreateUserAsync("partner.groningen", "Partner Noordelijke Installatietechniek", Roles.Partner, password, Org("Noordelijke Installatietechniek B.V.").Id);
        await CreateUserAsync("partner.limburg", "Partner Techniekcollege Limburg", Roles.Partner, password, Org("Techniekcollege Limburg").Id);

        var cycle2018 = cycles[0];
        var random = new Random(2018); // fixed seed: the same demo every time
        var commitments = new List<Commitment>();
        Commitment Add(Organization lead, string title, CommitmentStatus status, string[] themeNames, decimal? budget,
            params (string Name, string Unit, decimal Baseline, decimal Target)[] indicators)
        {
            var c = new Commitment
            {
                Organization = lead,
                ReportingCycle = cycle2018,
                Title = title,
                Description = $"{title}. Een toezegging van {lead.Name} voor de jaarconferentie van 18 juni 2018 in Assen.",
                Status = status,
                StartDate = new DateOnly(2018, 9, 1),
                EndDate = new DateOnly(2020, 12, 31),
                BudgetEuros = budget,
                Themes = themes.Where(t => themeNames.Contains(t.Name)).ToList(),
                Indicators = indicators.Select((i, n) => new Indicator
                {
                    Name = i.Name, Unit = i.Unit, Baseline = i.Baseline, Target = i.Target,
                    TargetDate = new DateOnly(2020, 12, 31), SortOrder = n,
                }).ToList(),
                SubmittedAt = status == CommitmentStatus.Draft ? null : new DateTime(2018, 5, 15, 10, 0, 0, DateTimeKind.Utc),
            };
            commitments.Add(c);
            return c;
        }

        Add(Org("Provincie Drenthe"), "Energietransitie in het mbo: 120 stageplaatsen", CommitmentStatus.Approved,
            ["Energietransitie", "Leren in de techniek"], 250_000m, ("stageplaatsen techniek", "aantal", 0, 120));
        Add(Org("Provincie Drenthe"), "Techniekpromotie op 3/4 van de basisscholen", CommitmentStatus.Approved,
            ["Techniek in het primair onderwijs"], 85_500.50m, ("basisscholen met techniekonderwijs", "procent", 40, 75));
        Add(Org("Provincie Drenthe"), "Leven lang ontwikkelen voor installateurs (concept)", CommitmentStatus.Draft,
            ["Leven lang ontwikkelen"], null);
        var shared = Add(Org("Noordelijke Installatietechniek B.V."), "Warmtepompmonteurs opleiden", CommitmentStatus.Submitted,
            ["Energietransitie", "Werken in de techniek"], 40_000m, ("gediplomeerde monteurs", "aantal", 0, 60));
        shared.CoPartners.Add(new CommitmentCoPartner { Organization = Org("Drenthe College") });
        shared.CoPartners.Add(new CommitmentCoPartner { Organization = Org("Provincie Drenthe") });
        Add(Org("Noordelijke Installatietechniek B.V."), "Zij-instroom in de installatiesector", CommitmentStatus.Draft,
            ["Werken in de techniek"], 12_000m, ("zij-instromers", "aantal", 0, 25));
        var returned = Add(Org("Techniekcollege Limburg"), "Leerwerkplaatsen Chemelot", CommitmentStatus.Returned,
            ["Leren in de techniek"], 150_000m, ("leerwerkplaatsen", "aantal", 10, 40));
        Add(Org("Techniekcollege Limburg"), "Docentenstages in de maakindustrie", CommitmentStatus.Approved,
            ["Leren in de techniek", "Digitalisering"], 30_000m, ("docentenstages", "aantal", 0, 50));
        Add(Org("Techniekcollege Limburg"), "Open dagen techniek 2019 (concept)", CommitmentStatus.Draft,
            ["Kiezen voor techniek"], null);
        Add(Org("Hanzehogeschool Groningen"), "Digitale vaardigheden voor mkb-medewerkers", CommitmentStatus.Approved,
            ["Digitalisering", "Leven lang ontwikkelen"], 320_000m, ("deelnemers", "aantal", 0, 1_000), ("bedrijven", "aantal", 0, 150));
        Add(Org("ROC van Twente"), "Technasium Twente uitbreiden", CommitmentStatus.Approved,
            ["Kiezen voor techniek"], 60_000m, ("scholen met technasium", "aantal", 4, 10));
        Add(Org("Brainport Development"), "Brainport Talent Box", CommitmentStatus.Submitted,
            ["Kiezen voor techniek", "Werken in de techniek"], 1_250_000m, ("leerlingen bereikt", "aantal", 0, 25_000));
        Add(Org("Tata Steel IJmuiden"), "Bedrijfsschool: 200 leerlingen per jaar", CommitmentStatus.Approved,
            ["Leren in de techniek"], 2_000_000m, ("leerlingen bedrijfsschool", "aantal", 120, 200));
        Add(Org("Havenbedrijf Rotterdam"), "Haven als leeromgeving", CommitmentStatus.Approved,
            ["Energietransitie", "Digitalisering"], 500_000m, ("stageplaatsen", "aantal", 50, 150));
        Add(Org("Gemeente Eindhoven"), "Techniek in de wijk", CommitmentStatus.Withdrawn,
            ["Techniek in het primair onderwijs"], 20_000m, ("activiteiten", "aantal", 0, 30));
        Add(Org("TU Delft"), "Lerarenopleiding techniek versterken", CommitmentStatus.Approved,
            ["Leren in de techniek"], 400_000m, ("afgestudeerde docenten", "aantal", 20, 60));
        Add(Org("Provincie Overijssel"), "Regionale investeringsagenda techniek", CommitmentStatus.Approved,
            ["Werken in de techniek", "Leven lang ontwikkelen"], 3_000_000m, ("omgeschoolde werkzoekenden", "aantal", 0, 500));
        db.Commitments.AddRange(commitments);
        await db.SaveChangesAsync(ct);

        // Reviews and progress: approved commitments were approved by their region's lead and reported
        // progress in the 2019 cycle; the 2020 cycle is still open. The returned one carries the lead's comment.
        var cycle2019 = cycles[1];
        foreach (var c in commitments.Where(c => c.Status == CommitmentStatus.Approved))
        {
            var lead = leads[c.Organization!.Region!.Code];
            db.Reviews.Add(new Review { CommitmentId = c.Id, ReviewerUserId = lead.Id, Decision = ReviewDecision.Approved, DecidedAt = new DateTime(2018, 6, 1, 9, 0, 0, DateTimeKind.Utc) });
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
                Values = c.Indicators.Select(i => new IndicatorValue
                {
                    IndicatorId = i.Id,
                    Value = i.Baseline + ((i.Target ?? i.Baseline) - i.Baseline) * 2 / 3m,
                }).ToList(),
            });
        }
        db.Reviews.Add(new Review
        {
            CommitmentId = returned.Id,
            ReviewerUserId = leads["zuid"].Id,
            Decision = ReviewDecision.Returned,
            Comment = "Maak het doel concreet: hoeveel leerwerkplaatsen per jaar, en vanaf wanneer?",
            DecidedAt = new DateTime(2018, 5, 28, 14, 30, 0, DateTimeKind.Utc),
        });
        await db.SaveChangesAsync(ct);
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
}

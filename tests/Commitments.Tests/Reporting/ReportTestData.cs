using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.ReferenceData;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Reporting;

/// <summary>
/// Builders for the pact data the report tests need. Entities are added to the context; the caller
/// saves. Reference data (regions, provinces, themes) comes from the product's own seeder.
/// </summary>
internal sealed class ReportTestData
{
    private readonly CommitmentsDbContext _db;
    private int _kvkSequence;

    private ReportTestData(CommitmentsDbContext db, Dictionary<string, Region> regions, Dictionary<string, Province> provinces, List<Theme> themes)
    {
        _db = db;
        Regions = regions;
        Provinces = provinces;
        Themes = themes;
    }

    public Dictionary<string, Region> Regions { get; }
    public Dictionary<string, Province> Provinces { get; }
    public List<Theme> Themes { get; }

    public Theme Theme(string name) => Themes.Single(t => t.Name == name);

    /// <summary>An organisation already in the database.</summary>
    public Organization ExistingOrganization(string name) => _db.Organizations.Single(o => o.Name == name);

    /// <param name="db">A context with DataScope.Everything.</param>
    public static async Task<ReportTestData> CreateAsync(CommitmentsDbContext db)
    {
        await ReferenceDataSeeder.EnsureAsync(db);
        var regions = await db.Regions.ToDictionaryAsync(r => r.Code);
        var provinces = await db.Provinces.ToDictionaryAsync(p => p.Name);
        var themes = await db.Themes.OrderBy(t => t.SortOrder).ToListAsync();
        return new ReportTestData(db, regions, provinces, themes);
    }

    /// <summary>A reporting cycle with all of the pact's themes.</summary>
    public ReportingCycle Cycle(int year)
    {
        var cycle = new ReportingCycle
        {
            Year = year,
            UpdatesDueOn = new DateOnly(year, 5, 1),
            FreezesOn = new DateOnly(year, 6, 18),
            Themes = [.. Themes],
        };
        _db.ReportingCycles.Add(cycle);
        return cycle;
    }

    public Organization Organization(
        string name,
        string province,
        OrganizationType type = OrganizationType.Business,
        string? kvkNumber = null)
    {
        var p = Provinces[province];
        var organization = new Organization
        {
            Name = name,
            Type = type,
            RegionId = p.RegionId,
            ProvinceId = p.Id,
            KvkNumber = kvkNumber ?? (type == OrganizationType.Business ? $"{++_kvkSequence + 70000000}" : null),
        };
        _db.Organizations.Add(organization);
        return organization;
    }

    public CommitmentBuilder Commitment(Organization lead, ReportingCycle cycle, string title)
    {
        var commitment = new Commitment
        {
            Organization = lead,
            ReportingCycle = cycle,
            Title = title,
            Status = CommitmentStatus.Approved,
            StartDate = new DateOnly(cycle.Year, 1, 1),
            EndDate = new DateOnly(2020, 12, 31),
            Indicators = [NewIndicator(0)],
        };
        _db.Commitments.Add(commitment);
        return new CommitmentBuilder(commitment);
    }

    internal static Indicator NewIndicator(int order) =>
        new() { Name = $"stageplaatsen techniek {order + 1}", Unit = "aantal", Baseline = 0, Target = 120, SortOrder = order };
}

/// <summary>Adjusts one commitment; each method returns the builder so that a test reads as one sentence.</summary>
internal sealed class CommitmentBuilder(Commitment commitment)
{
    public Commitment Entity => commitment;

    public CommitmentBuilder Status(CommitmentStatus status)
    {
        commitment.Status = status;
        return this;
    }

    public CommitmentBuilder Budget(decimal? euros)
    {
        commitment.BudgetEuros = euros;
        return this;
    }

    public CommitmentBuilder Period(DateOnly? start, DateOnly? end)
    {
        commitment.StartDate = start;
        commitment.EndDate = end;
        return this;
    }

    public CommitmentBuilder InKind(string description)
    {
        commitment.InKindDescription = description;
        return this;
    }

    public CommitmentBuilder Themes(params Theme[] themes)
    {
        commitment.Themes.AddRange(themes);
        return this;
    }

    /// <summary>Names a co-partner with its share (taken from the lead's), confirmed unless said otherwise.</summary>
    public CommitmentBuilder CoPartner(Organization organization, decimal share = 0, bool confirmed = true)
    {
        var partner = new CommitmentCoPartner { Organization = organization, SharePercent = share };
        if (confirmed)
        {
            partner.Answer(confirm: true, new DateTime(2018, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        }
        commitment.CoPartners.Add(partner);
        commitment.LeadSharePercent -= share;
        return this;
    }

    public CommitmentBuilder Indicators(int count)
    {
        commitment.Indicators = Enumerable.Range(0, count).Select(ReportTestData.NewIndicator).ToList();
        return this;
    }

    public CommitmentBuilder Progress(ReportingCycle cycle, ProgressHealth health, ProgressUpdateStatus status = ProgressUpdateStatus.Submitted)
    {
        commitment.ProgressUpdates.Add(new ProgressUpdate { ReportingCycle = cycle, Health = health, Status = status, Narrative = "Voortgang" });
        return this;
    }
}

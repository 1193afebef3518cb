using Commitments.Core.Domain;
using Commitments.Core.ReferenceData;
using Commitments.Tools.ScaleData;

namespace Commitments.Tests.ScaleData;

/// <summary>The generated data itself, without a database: plausible, consistent, and repeatable.</summary>
public sealed class ScaleDatasetTests
{
    private static readonly ReferenceIds References = ReferenceIds.Fresh();

    [Fact]
    public void Scale_1_has_2000_partners_of_every_type_each_in_a_province_of_its_own_region()
    {
        var data = new ScaleDataset(new ScaleDataOptions { Scale = 1 }, References);

        Assert.Equal(2_000, data.Organizations.Count);
        Assert.Equal(Enumerable.Range(1, 2_000), data.Organizations.Select(o => o.Id));
        Assert.Equal(Enum.GetValues<OrganizationType>().Order(), data.Organizations.Select(o => o.Type).Distinct().Order());
        Assert.Equal(12, data.Organizations.Count(o => o.Type == OrganizationType.Province));
        Assert.True(data.Organizations.Count(o => o.Type == OrganizationType.Business) > 1_000, "businesses are the largest group");
        Assert.Equal(data.Organizations.Count, data.Organizations.Select(o => o.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(5, data.Organizations.Select(o => o.RegionId).Distinct().Count());
        foreach (var organization in data.Organizations)
        {
            Assert.Equal(References.Provinces.Values.Single(p => p.Id == organization.ProvinceId).RegionId, organization.RegionId);
            Assert.InRange(organization.Name.Length, 5, 200);
            Assert.Equal(DateTimeKind.Utc, organization.CreatedAt.Kind);
        }
    }

    [Fact]
    public void About_half_of_the_partners_have_a_unique_eight_digit_kvk_number_some_with_a_leading_zero()
    {
        var data = new ScaleDataset(new ScaleDataOptions { Scale = 1 }, References);
        var kvk = data.Organizations.Where(o => o.KvkNumber != null).Select(o => o.KvkNumber!).ToList();

        Assert.InRange(kvk.Count, 800, 1_200);
        Assert.All(kvk, k => Assert.Matches("^[0-9]{8}$", k));
        Assert.Equal(kvk.Count, kvk.Distinct().Count());
        Assert.InRange(kvk.Count(k => k.StartsWith('0')), kvk.Count / 10, kvk.Count / 6);
    }

    [Fact]
    public void Commitments_hang_together()
    {
        var data = new ScaleDataset(new ScaleDataOptions { Organizations = 200, Commitments = 3_000 }, References);
        var commitments = data.Commitments().ToList();
        var themeIds = References.Themes.Select(t => t.Id).ToHashSet();

        Assert.Equal(Enumerable.Range(1, 3_000), commitments.Select(c => c.Id));
        Assert.Equal(Enumerable.Range(1, commitments.Sum(c => c.Indicators.Count)), commitments.SelectMany(c => c.Indicators).Select(i => i.Id));
        Assert.Equal(Enumerable.Range(1, commitments.Sum(c => c.ProgressUpdates.Count)), commitments.SelectMany(c => c.ProgressUpdates).Select(u => u.Id));
        Assert.InRange(commitments.Average(c => c.Indicators.Count), 2.7, 3.3);
        Assert.InRange(commitments.Count(c => c.Status == CommitmentStatus.Approved), 2_400, 2_900);
        Assert.Equal(Enum.GetValues<CommitmentStatus>().Order(), commitments.Select(c => c.Status).Distinct().Order());
        Assert.Contains(commitments, c => c.Title.Contains("3/4", StringComparison.Ordinal));

        foreach (var c in commitments)
        {
            Assert.InRange(c.Themes.Count, 1, 3);
            Assert.Equal(c.Themes.Count, c.Themes.Select(t => t.Id).Distinct().Count());
            Assert.Subset(themeIds, c.Themes.Select(t => t.Id).ToHashSet());
            Assert.InRange(c.CoPartners.Count, 0, 2);
            Assert.DoesNotContain(c.CoPartners, p => p.OrganizationId == c.OrganizationId);
            Assert.Equal(c.CoPartners.Count, c.CoPartners.Select(p => p.OrganizationId).Distinct().Count());
            Assert.True(c.CreatedAt <= c.UpdatedAt && c.UpdatedAt <= ScaleDataset.Now);
            Assert.True(c.SubmittedAt == null || (c.CreatedAt < c.SubmittedAt && c.SubmittedAt <= c.UpdatedAt));
            Assert.Equal(c.Status == CommitmentStatus.Draft, c.SubmittedAt == null);
            Assert.True(c.EndDate == null || c.StartDate < c.EndDate);
            Assert.True(c.BudgetEuros != null || c.InKindDescription != null, "every commitment brings money or resources in kind");
            if (c.BudgetEuros is { } budget)
            {
                Assert.Equal(budget, Math.Round(budget, 2));
                Assert.InRange(budget, 5_000m, 2_500_000m);
            }
            if (c.Status != CommitmentStatus.Draft)
            {
                // Submitted commitments are SMART: an end date and indicators with targets.
                Assert.NotNull(c.EndDate);
                Assert.NotEmpty(c.Indicators);
                Assert.All(c.Indicators, i => Assert.True(i.Target > i.Baseline || (i.Unit == "procent" && i.Target == 100m)));
            }
            Assert.Equal(Enumerable.Range(1, c.Indicators.Count), c.Indicators.Select(i => i.SortOrder));

            var cycles = c.ProgressUpdates.Select(u => u.ReportingCycleId).ToList();
            Assert.Equal(cycles.Distinct().Order(), cycles);
            Assert.True(cycles.Count == 0 || c.Status is CommitmentStatus.Approved or CommitmentStatus.Withdrawn);
            Assert.True(cycles.Count == 0 || cycles[0] >= c.ReportingCycleId, "no progress before the commitment was announced");
            foreach (var update in c.ProgressUpdates)
            {
                var year = data.Cycles.Single(y => y.Id == update.ReportingCycleId).Year;
                Assert.Equal(year, update.CreatedAt.Year);
                Assert.True(c.StartDate < new DateOnly(year, 5, 1));
                Assert.Equal(c.Indicators.Select(i => i.Id), update.Values.Select(v => v.IndicatorId));
                Assert.All(update.Values, v => Assert.Equal(update.Id, v.ProgressUpdateId));
                Assert.Equal(update.Status == ProgressUpdateStatus.Draft, update.SubmittedAt == null);
            }
        }
        var allUpdates = commitments.SelectMany(c => c.ProgressUpdates).ToList();
        Assert.Equal(5, allUpdates.Select(u => u.ReportingCycleId).Distinct().Count());
        Assert.Equal(Enum.GetValues<ProgressHealth>().Order(), allUpdates.Select(u => u.Health).Distinct().Order());
        Assert.True(allUpdates.Count(u => u.Status == ProgressUpdateStatus.Approved) > allUpdates.Count * 8 / 10);
    }

    [Fact]
    public void Every_cycle_of_2016_to_2020_has_all_seven_themes_and_its_deadlines()
    {
        var data = new ScaleDataset(new ScaleDataOptions { Organizations = 20, Commitments = 10 }, References);

        Assert.Equal([2016, 2017, 2018, 2019, 2020], data.Cycles.Select(c => c.Year));
        Assert.All(data.Cycles, c =>
        {
            Assert.Equal(PactReferenceData.Themes, c.Themes.Select(t => t.Name));
            Assert.Equal(new DateOnly(c.Year, 5, 1), c.UpdatesDueOn);
            Assert.Equal(6, c.FreezesOn.Month);
            Assert.Equal(DayOfWeek.Monday, c.FreezesOn.DayOfWeek);
        });
        Assert.Equal(new DateOnly(2018, 6, 18), data.Cycles.Single(c => c.Year == 2018).FreezesOn);
    }

    /// <summary>The PostgreSQL loader walks the commitment stream once per table; every walk must give the same rows.</summary>
    [Fact]
    public void The_commitment_stream_is_the_same_every_time_and_for_the_same_options()
    {
        var options = new ScaleDataOptions { Organizations = 100, Commitments = 500 };
        var first = new ScaleDataset(options, References);
        var again = new ScaleDataset(options with { }, References);
        var otherSeed = new ScaleDataset(options with { Seed = 1 }, References);

        Assert.Equal(Describe(first), Describe(first));
        Assert.Equal(Describe(first), Describe(again));
        Assert.NotEqual(Describe(first), Describe(otherSeed));
    }

    private static List<string> Describe(ScaleDataset data) =>
        data.Organizations.Select(o => $"{o.Id} {o.Name} {o.Type} {o.ProvinceId} {o.KvkNumber} {o.CreatedAt:O}")
            .Concat(data.Commitments().SelectMany(c =>
                new[] { $"{c.Id} {c.OrganizationId} {c.Title} {c.Description} {c.StartDate} {c.EndDate} {c.BudgetEuros} {c.Status} {c.CreatedAt:O} {c.UpdatedAt:O} {c.Version} {string.Join(",", c.Themes.Select(t => t.Id))} {string.Join(",", c.CoPartners.Select(p => p.OrganizationId))}" }
                    .Concat(c.Indicators.Select(i => $"{i.Id} {i.Name} {i.Baseline} {i.Target} {i.TargetDate}"))
                    .Concat(c.ProgressUpdates.Select(u => $"{u.Id} {u.ReportingCycleId} {u.Status} {u.Health} {u.Narrative} {u.Version} {string.Join(",", u.Values.Select(v => v.Value))}"))))
            .ToList();
}

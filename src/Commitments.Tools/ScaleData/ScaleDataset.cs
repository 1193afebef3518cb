using System.Globalization;
using Commitments.Core.Domain;
using static Commitments.Tools.ScaleData.DutchText;

namespace Commitments.Tools.ScaleData;

/// <summary>
/// The generated national dataset, as domain objects with their ids already set. Everything follows from
/// the options and the reference ids: the same input gives the same data, on any machine.
/// </summary>
/// <remarks>
/// Organisations and reporting cycles are small and held in memory. Commitments, with their themes,
/// co-partners, indicators, progress updates and indicator values, are far too many at scale 10 and are
/// produced as a stream: <see cref="Commitments"/> can be enumerated again and gives the same sequence,
/// because every commitment draws from a random generator of its own (seed, commitment number). Only
/// <see cref="Random"/> with a fixed seed, integer and decimal arithmetic and hand-written number
/// formatting are used, so neither the culture nor the platform's floating point changes the output.
/// </remarks>
public sealed class ScaleDataset
{
    public const int FirstYear = 2016;
    public const int LastYear = 2020;

    /// <summary>"Today" in the dataset: the 2020 conference is a few days away.</summary>
    public static readonly DateTime Now = new(2020, 6, 12, 16, 0, 0, DateTimeKind.Utc);

    private static readonly DateOnly[] ConferenceDays =
    [
        new(2016, 6, 13), new(2017, 6, 19), new(2018, 6, 18), new(2019, 6, 17), new(2020, 6, 15),
    ];

    private readonly ScaleDataOptions _options;
    private readonly ReferenceIds _references;
    private readonly Dictionary<int, ProvinceText> _provinceTextById = [];
    private readonly Dictionary<int, int[]> _organizationsByRegion;
    private readonly int[] _popularity;

    public ScaleDataset(ScaleDataOptions options, ReferenceIds references)
    {
        options.Validate();
        _options = options;
        _references = references;
        foreach (var province in Provinces)
        {
            _provinceTextById[references.Provinces[province.Name].Id] = province;
        }
        Cycles = BuildCycles();
        Organizations = BuildOrganizations();
        _organizationsByRegion = Enumerable.Range(0, Organizations.Count)
            .GroupBy(i => Organizations[i].RegionId)
            .ToDictionary(g => g.Key, g => g.ToArray());
        _popularity = Shuffled(Organizations.Count, new Random(Mix(options.Seed, 3, 0)));
        Accounts = options.AccountPassword is { } password
            ? ScaleAccounts.Create(password, options.Seed, references, Organizations, options.AuthenticatorKey != null)
            : ScaleAccounts.None;
    }

    public ScaleDataOptions Options => _options;

    /// <summary>Rapportagejaren 2016–2020, each with all themes.</summary>
    public IReadOnlyList<ReportingCycle> Cycles { get; }

    public IReadOnlyList<Organization> Organizations { get; }

    /// <summary>Users and roles for every role, when <see cref="ScaleDataOptions.AccountPassword"/> is set; otherwise none.</summary>
    public ScaleAccounts Accounts { get; }

    /// <summary>
    /// The commitments in id order, each with its themes, co-partners, indicators and progress updates
    /// (with their indicator values) filled in and all ids set. Enumerate as often as needed.
    /// </summary>
    public IEnumerable<Commitment> Commitments()
    {
        var indicatorId = 0;
        var progressUpdateId = 0;
        for (var i = 0; i < _options.CommitmentCount; i++)
        {
            var commitment = BuildCommitment(i + 1, new Random(Mix(_options.Seed, 2, i)), ref indicatorId, ref progressUpdateId);
            yield return commitment;
        }
    }

    private List<ReportingCycle> BuildCycles() =>
        Enumerable.Range(0, LastYear - FirstYear + 1).Select(i => new ReportingCycle
        {
            Id = i + 1,
            Year = FirstYear + i,
            UpdatesDueOn = new DateOnly(FirstYear + i, 5, 1),
            FreezesOn = ConferenceDays[i],
            FirstReminderDaysBefore = 14,
            EscalateDaysAfter = 7,
            Themes = [.. _references.Themes],
        }).ToList();

    // ---------------------------------------------------------------- organisations

    private static readonly (OrganizationType Type, int Weight)[] TypeMix =
    [
        (OrganizationType.Business, 56),
        (OrganizationType.EducationInstitution, 17),
        (OrganizationType.Other, 14),
        (OrganizationType.Municipality, 6),
        (OrganizationType.KnowledgeInstitute, 4),
        (OrganizationType.Government, 3),
    ];

    /// <summary>How often an organisation of a type has a KvK number registered: about half of all.</summary>
    private static int KvkPercent(OrganizationType type) => type switch
    {
        OrganizationType.Business => 75,
        OrganizationType.Other => 35,
        OrganizationType.EducationInstitution or OrganizationType.KnowledgeInstitute => 20,
        OrganizationType.Province or OrganizationType.Municipality => 10,
        _ => 5,
    };

    private List<Organization> BuildOrganizations()
    {
        var rng = new Random(Mix(_options.Seed, 1, 0));
        var count = _options.OrganizationCount;
        var organizations = new List<Organization>(count);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var kvkNumbers = new HashSet<string>(StringComparer.Ordinal);

        // One organisation per province, as in the pact; a very small dataset takes fewer.
        var provinceOrganizations = Math.Min(Provinces.Length, count / 4);
        for (var p = 0; p < provinceOrganizations; p++)
        {
            var province = Provinces[p];
            var name = "Provincie " + province.OfficialName;
            names.Add(name);
            organizations.Add(NewOrganization(organizations.Count + 1, name, OrganizationType.Province, province,
                rng.Next(100) < KvkPercent(OrganizationType.Province) ? Kvk(rng, kvkNumbers) : null, rng));
        }

        var totalWeight = Provinces.Sum(p => p.Weight);
        while (organizations.Count < count)
        {
            var province = PickWeighted(rng, Provinces, p => p.Weight, totalWeight);
            var type = PickWeighted(rng, TypeMix, t => t.Weight).Type;
            var name = UniqueName(rng, names, ref type, province);
            var kvk = rng.Next(100) < KvkPercent(type) ? Kvk(rng, kvkNumbers) : null;
            organizations.Add(NewOrganization(organizations.Count + 1, name, type, province, kvk, rng));
        }
        return organizations;
    }

    private Organization NewOrganization(int id, string name, OrganizationType type, ProvinceText province, string? kvk, Random rng)
    {
        var reference = _references.Provinces[province.Name];
        return new Organization
        {
            Id = id,
            Name = name,
            Type = type,
            RegionId = reference.RegionId,
            ProvinceId = reference.Id,
            KvkNumber = kvk,
            // Partners were loaded from the regional spreadsheets before the first cycle.
            CreatedAt = Moment(rng, RandomDate(rng, new DateOnly(2015, 11, 2), new DateOnly(2016, 1, 29))),
        };
    }

    /// <summary>
    /// Eight digits, unique, kept as text. Every eighth number starts with 0, so leading zeros are
    /// always present, as they are in real registrations.
    /// </summary>
    private static string Kvk(Random rng, HashSet<string> issued)
    {
        while (true)
        {
            var first = issued.Count % 8 == 3 ? 0 : rng.Next(1, 10);
            var number = first.ToString(CultureInfo.InvariantCulture) + rng.Next(0, 10_000_000).ToString("D7", CultureInfo.InvariantCulture);
            if (issued.Add(number))
            {
                return number;
            }
        }
    }

    private static string UniqueName(Random rng, HashSet<string> names, ref OrganizationType type, ProvinceText province)
    {
        string candidate = "";
        for (var attempt = 0; attempt < 40; attempt++)
        {
            if (attempt == 20 && type == OrganizationType.Municipality)
            {
                // The country has only so many municipalities; the rest of this share are businesses.
                type = OrganizationType.Business;
            }
            candidate = OrganizationName(rng, type, province);
            if (attempt >= 20)
            {
                candidate += (type is OrganizationType.EducationInstitution ? ", locatie " : ", vestiging ") + Pick(rng, province.Places);
            }
            if (names.Add(candidate))
            {
                return candidate;
            }
        }
        for (var n = 2; ; n++)
        {
            var numbered = $"{candidate} ({n.ToString(CultureInfo.InvariantCulture)})";
            if (names.Add(numbered))
            {
                return numbered;
            }
        }
    }

    private static string OrganizationName(Random rng, OrganizationType type, ProvinceText province)
    {
        var place = Pick(rng, province.Places);
        switch (type)
        {
            case OrganizationType.Business:
                var legal = Pick(rng, LegalForms);
                return rng.Next(100) switch
                {
                    < 35 => $"{Pick(rng, BusinessTrades)} {Pick(rng, Surnames)} {legal}",
                    < 60 => $"{Pick(rng, Surnames)} {Pick(rng, BusinessTrades)} {legal}",
                    < 75 => $"{Pick(rng, BusinessTrades)} {place} {legal}",
                    < 88 => $"{Pick(rng, BusinessBrands)} {place} BV",
                    _ => $"{Pick(rng, Surnames)} & {Pick(rng, Surnames)} {Pick(rng, BusinessTrades)}",
                };
            case OrganizationType.EducationInstitution:
                return rng.Next(100) switch
                {
                    < 30 => $"{Pick(rng, ["Basisschool", "Openbare basisschool", "Christelijke basisschool", "Katholieke basisschool"])} {Pick(rng, PrimarySchoolNames)}, {place}",
                    < 50 => $"{Pick(rng, SchoolPatrons)} College {place}",
                    < 58 => $"ROC {place}",
                    < 63 => $"Hogeschool {place}",
                    < 73 => $"Techniekcollege {place}",
                    < 83 => $"Vakcollege {place}",
                    < 93 => $"Stichting Openbaar Primair Onderwijs {place}",
                    _ => $"Praktijkschool {place}",
                };
            case OrganizationType.KnowledgeInstitute:
                return rng.Next(100) switch
                {
                    < 10 => $"TNO {Pick(rng, TnoLocations)}",
                    < 30 => $"Kenniscentrum {Pick(rng, ExpertiseTopics)} {place}",
                    < 50 => $"Centre of Expertise {Pick(rng, ExpertiseTopics)} {province.OfficialName}",
                    < 70 => $"Lectoraat {Pick(rng, ExpertiseTopics)}, Hogeschool {place}",
                    < 85 => $"Fieldlab {Pick(rng, ExpertiseTopics)} {place}",
                    _ => $"Innovatiecentrum {Pick(rng, ExpertiseTopics)} {place}",
                };
            case OrganizationType.Municipality:
                var municipality = Pick(rng, province.Municipalities);
                return rng.Next(100) < 50 ? $"Gemeente {municipality}" : $"Gemeente {municipality}, {Pick(rng, MunicipalityDepartments)}";
            case OrganizationType.Government:
                return rng.Next(100) switch
                {
                    < 40 => $"UWV WERKbedrijf regio {place}",
                    < 60 => $"Omgevingsdienst {place}",
                    < 80 => $"Rijkswaterstaat, steunpunt {place}",
                    _ => $"Regionaal Bureau Leerplicht {place}",
                };
            default:
                return rng.Next(100) switch
                {
                    < 15 => $"Stichting Techniekpromotie {place}",
                    < 30 => $"Jet-Net & TechNet {place}",
                    < 40 => $"Platform Bèta Techniek {place}",
                    < 55 => $"Ondernemersvereniging {place}",
                    < 65 => $"Coöperatie Energie {place}",
                    < 75 => $"Stichting Technasium {place}",
                    < 85 => $"Economic Board {place}",
                    _ => $"Sectorfonds {Pick(rng, Sectors)} {province.OfficialName}",
                };
        }
    }

    // ---------------------------------------------------------------- commitments

    private static readonly (int Year, int Weight)[] AnnouncedIn = [(2016, 40), (2017, 20), (2018, 18), (2019, 14), (2020, 8)];

    private Commitment BuildCommitment(int id, Random rng, ref int indicatorId, ref int progressUpdateId)
    {
        var year = PickWeighted(rng, AnnouncedIn, a => a.Weight).Year;
        var cycle = Cycles[year - FirstYear];
        var lead = Organizations[LeadIndex(rng)];
        var provinceText = _provinceTextById[lead.ProvinceId!.Value];
        var place = Pick(rng, provinceText.Places);
        var regionName = _references.RegionNames[lead.RegionId];

        var status = year == LastYear
            ? PickWeighted(rng, [(CommitmentStatus.Approved, 45), (CommitmentStatus.Submitted, 25), (CommitmentStatus.Returned, 10), (CommitmentStatus.Draft, 20)], s => s.Item2).Item1
            : PickWeighted(rng, [(CommitmentStatus.Approved, 95), (CommitmentStatus.Withdrawn, 3), (CommitmentStatus.Returned, 1), (CommitmentStatus.Submitted, 1)], s => s.Item2).Item1;

        // Themes: the first one decides the texts and indicators.
        var themeCount = PickWeighted(rng, [(1, 50), (2, 35), (3, 15)], t => t.Item2).Item1;
        var themeIndices = Distinct(rng, _references.Themes.Count, themeCount);
        var text = DutchText.Themes[themeIndices[0]];

        // Period: commitments of the first cycle were already running when the pact's register started.
        var start = year == FirstYear
            ? RandomDate(rng, new DateOnly(2013, 9, 1), new DateOnly(2016, 9, 1))
            : RandomDate(rng, new DateOnly(year - 1, 9, 1), new DateOnly(year, 9, 1));
        if (rng.Next(100) < 60)
        {
            start = new DateOnly(start.Year, start.Month, 1);
        }
        var endYear = start.Year + PickWeighted(rng, [(1, 20), (2, 30), (3, 25), (4, 15), (5, 10)], d => d.Item2).Item1;
        DateOnly? end = rng.Next(100) < 40 ? new DateOnly(endYear, 7, 31) : new DateOnly(endYear, 12, 31);
        if (end <= start.AddMonths(6))
        {
            end = new DateOnly(endYear + 1, 7, 31);
        }
        if (status == CommitmentStatus.Draft && rng.Next(100) < 25)
        {
            end = null; // not SMART yet: the form will say why
        }

        // History: registered, submitted, reviewed.
        var created = year == FirstYear
            ? Moment(rng, RandomDate(rng, new DateOnly(2016, 1, 4), new DateOnly(2016, 2, 26)))
            : Moment(rng, RandomDate(rng, new DateOnly(year, 2, 1), new DateOnly(year, 5, 20)));
        DateTime? submitted = status == CommitmentStatus.Draft ? null : Later(rng, created, 1, 14);
        var updated = status switch
        {
            CommitmentStatus.Draft => Later(rng, created, 0, 20),
            CommitmentStatus.Submitted => submitted!.Value,
            CommitmentStatus.Returned => Later(rng, submitted!.Value, 2, 14),
            CommitmentStatus.Approved => Later(rng, submitted!.Value, 3, 25),
            _ => Moment(rng, RandomDate(rng, DateOnly.FromDateTime(submitted!.Value).AddDays(120), new DateOnly(2020, 6, 5))),
        };
        submitted = submitted == null ? null : Min(submitted.Value, Now);
        updated = Min(updated, Now);

        // Co-partners, mostly from the lead's own region.
        var coPartnerCount = PickWeighted(rng, [(0, 45), (1, 35), (2, 20)], c => c.Item2).Item1;
        var coPartners = new List<CommitmentCoPartner>(coPartnerCount);
        for (var attempt = 0; coPartners.Count < coPartnerCount && attempt < 20; attempt++)
        {
            var candidate = rng.Next(100) < 70
                ? Organizations[Pick(rng, _organizationsByRegion[lead.RegionId])]
                : Organizations[rng.Next(Organizations.Count)];
            if (candidate.Id != lead.Id && coPartners.TrueForAll(p => p.OrganizationId != candidate.Id))
            {
                coPartners.Add(new CommitmentCoPartner { CommitmentId = id, OrganizationId = candidate.Id });
            }
        }

        var n = PickWeighted(rng, [(10, 20), (25, 30), (50, 25), (100, 15), (250, 10)], x => x.Item2).Item1;
        var title = Fill(Pick(rng, text.Titles), place, regionName, year, n, Pick(rng, Sectors), lead.Name, start, end);
        var description = Description(rng, text, lead, place, regionName, year, start, end,
            coPartners.Select(p => Organizations[p.OrganizationId - 1].Name).ToList());

        decimal? budget = null;
        string? inKind = null;
        if (rng.Next(100) < 85)
        {
            var (low, high) = PickWeighted(rng, [((5_000, 25_000), 35), ((25_000, 100_000), 30), ((100_000, 500_000), 25), ((500_000, 2_500_000), 10)], b => b.Item2).Item1;
            var euros = rng.Next(low, high);
            budget = rng.Next(100) < 50 ? euros / 100 * 100m : euros + rng.Next(0, 100) / 100m;
        }
        if (budget == null || rng.Next(100) < 30)
        {
            inKind = Fill(Pick(rng, InKind), place, regionName, year, rng.Next(2, 40) * 10, "", lead.Name, start, end);
        }

        var commitment = new Commitment
        {
            Id = id,
            OrganizationId = lead.Id,
            ReportingCycleId = cycle.Id,
            Title = title,
            Description = description,
            StartDate = start,
            EndDate = end,
            BudgetEuros = budget,
            InKindDescription = inKind,
            Status = status,
            CreatedAt = created,
            UpdatedAt = updated,
            SubmittedAt = submitted,
            Version = NewGuid(rng),
            Themes = themeIndices.Select(t => _references.Themes[t]).ToList(),
            CoPartners = coPartners,
            // Shares without further draws from the random source, so earlier values stay as they were:
            // each co-partner 20%, the lead the rest. Co-partners of anything past a draft confirmed.
            LeadSharePercent = 100 - 20 * coPartners.Count,
            ApprovedRevision = status == CommitmentStatus.Approved ? 1 : null,
            ApprovedAt = status == CommitmentStatus.Approved ? updated : null,
            WithdrawnAt = status == CommitmentStatus.Withdrawn ? updated : null,
            WithdrawalReason = status == CommitmentStatus.Withdrawn ? "Ingetrokken door de penvoerder." : null,
        };
        foreach (var partner in coPartners)
        {
            partner.SharePercent = 20;
            if (status != CommitmentStatus.Draft)
            {
                partner.Answer(confirm: true, submitted ?? updated);
            }
        }

        AddIndicators(rng, commitment, text, ref indicatorId);
        AddProgressUpdates(rng, commitment, year, place, ref progressUpdateId);
        return commitment;
    }

    /// <summary>A few partners carry many commitments, most a handful.</summary>
    private int LeadIndex(Random rng)
    {
        var u = rng.NextDouble();
        var skewed = u * Math.Sqrt(u); // u^1.5: density falls from the most to the least active partner
        return _popularity[Math.Min(_popularity.Length - 1, (int)(skewed * _popularity.Length))];
    }

    private static string Description(Random rng, ThemeText text, Organization lead, string place, string region, int year,
        DateOnly start, DateOnly? end, List<string> coPartners)
    {
        var n = rng.Next(2, 30) * 5;
        var parts = new List<string>(4)
        {
            Pick(rng, text.Motives),
            Fill(Pick(rng, Approaches), place, region, year, n, "", lead.Name, start, end),
        };
        if (coPartners.Count > 0)
        {
            parts.Add($"Dit gebeurt samen met {string.Join(" en ", coPartners)}.");
        }
        parts.Add(Fill(Pick(rng, Closings), place, region, year, n, "", lead.Name, start, end));
        return string.Join(" ", parts);
    }

    private static void AddIndicators(Random rng, Commitment commitment, ThemeText text, ref int indicatorId)
    {
        var draft = commitment.Status == CommitmentStatus.Draft;
        var count = draft && rng.Next(100) < 15
            ? 0
            : PickWeighted(rng, [(1, 10), (2, 20), (3, 40), (4, 20), (5, 10)], c => c.Item2).Item1;
        var templates = Distinct(rng, text.Indicators.Length, count);
        for (var k = 0; k < count; k++)
        {
            var template = text.Indicators[templates[k]];
            var (baseline, target) = BaselineAndTarget(rng, template.Kind);
            DateOnly? targetDate = commitment.EndDate;
            if (targetDate is { } end && rng.Next(100) < 25 && end.Year > commitment.StartDate!.Value.Year + 1)
            {
                targetDate = new DateOnly(rng.Next(commitment.StartDate.Value.Year + 1, end.Year), 12, 31);
            }
            if (draft && rng.Next(100) < 30)
            {
                target = null;
                targetDate = null;
            }
            commitment.Indicators.Add(new Indicator
            {
                Id = ++indicatorId,
                CommitmentId = commitment.Id,
                Name = template.Name,
                Unit = template.Unit,
                Baseline = baseline,
                Target = target,
                TargetDate = targetDate,
                SortOrder = k + 1,
            });
        }
    }

    private static (decimal Baseline, decimal? Target) BaselineAndTarget(Random rng, IndicatorKind kind)
    {
        switch (kind)
        {
            case IndicatorKind.Percent:
                var baseline = rng.Next(100, 601) / 10m;
                return (baseline, Math.Min(100m, baseline + rng.Next(50, 301) / 10m));
            case IndicatorKind.Euro:
                var start = rng.Next(100) < 80 ? 0m : rng.Next(1_000, 20_000) + rng.Next(0, 100) / 100m;
                return (start, start + rng.Next(5_000, 250_000) + rng.Next(0, 100) / 100m);
            case IndicatorKind.Hours:
                return (0m, rng.Next(10, 500) * 10m);
            default:
                var count = rng.Next(100) < 60 ? 0m : rng.Next(5, 200);
                return (count, count + rng.Next(10, 500));
        }
    }

    private static void AddProgressUpdates(Random rng, Commitment commitment, int announced, string place, ref int progressUpdateId)
    {
        if (commitment.Status is not (CommitmentStatus.Approved or CommitmentStatus.Withdrawn))
        {
            return;
        }
        var start = commitment.StartDate!.Value;
        var end = commitment.EndDate!.Value;
        // The first cycle's commitments were registered before its deadline; later ones are announced at
        // the June conference and report from the next cycle on.
        var firstCycle = announced == FirstYear ? FirstYear : announced + 1;
        for (var year = firstCycle; year <= LastYear; year++)
        {
            var due = new DateOnly(year, 5, 1);
            var previousDue = new DateOnly(year - 1, 5, 1);
            var withdrawnBefore = commitment.Status == CommitmentStatus.Withdrawn && DateOnly.FromDateTime(commitment.UpdatedAt) < due.AddDays(-30);
            if (start >= due || end <= previousDue || withdrawnBefore)
            {
                continue; // not running in the period this cycle reports on
            }
            commitment.ProgressUpdates.Add(ProgressUpdate(rng, commitment, year, due, place, ++progressUpdateId));
        }
    }

    private static ProgressUpdate ProgressUpdate(Random rng, Commitment commitment, int year, DateOnly due, string place, int id)
    {
        var current = year == LastYear;
        var status = current
            ? PickWeighted(rng, [(ProgressUpdateStatus.Approved, 60), (ProgressUpdateStatus.Submitted, 18), (ProgressUpdateStatus.Returned, 7), (ProgressUpdateStatus.Draft, 15)], s => s.Item2).Item1
            : PickWeighted(rng, [(ProgressUpdateStatus.Approved, 96), (ProgressUpdateStatus.Submitted, 3), (ProgressUpdateStatus.Returned, 1)], s => s.Item2).Item1;
        var health = current
            ? PickWeighted(rng, [(ProgressHealth.OnTrack, 45), (ProgressHealth.AtRisk, 35), (ProgressHealth.Behind, 20)], h => h.Item2).Item1
            : PickWeighted(rng, [(ProgressHealth.OnTrack, 68), (ProgressHealth.AtRisk, 22), (ProgressHealth.Behind, 10)], h => h.Item2).Item1;

        var created = Moment(rng, RandomDate(rng, new DateOnly(year, 3, 1), new DateOnly(year, 4, 25)));
        DateTime? submitted = status == ProgressUpdateStatus.Draft ? null : Later(rng, created, 0, 14);
        var updated = status switch
        {
            ProgressUpdateStatus.Draft => Later(rng, created, 0, 10),
            ProgressUpdateStatus.Submitted => submitted!.Value,
            ProgressUpdateStatus.Returned => Later(rng, submitted!.Value, 1, 10),
            _ => Later(rng, submitted!.Value, 1, 21),
        };

        // Values: the share of the way from baseline to target that the elapsed time asks for, done
        // better or worse according to the health.
        var (lowFactor, highFactor) = health switch
        {
            ProgressHealth.OnTrack => (95, 120),
            ProgressHealth.AtRisk => (65, 90),
            _ => (30, 60),
        };
        var factor = rng.Next(lowFactor, highFactor + 1) / 100m;
        var update = new ProgressUpdate
        {
            Id = id,
            CommitmentId = commitment.Id,
            ReportingCycleId = year - FirstYear + 1,
            Status = status,
            Health = health,
            CreatedAt = Min(created, Now),
            UpdatedAt = Min(updated, Now),
            SubmittedAt = submitted == null ? null : Min(submitted.Value, Now),
            Version = NewGuid(rng),
            ApprovedAt = status == ProgressUpdateStatus.Approved ? Min(updated, Now) : null,
        };
        foreach (var indicator in commitment.Indicators)
        {
            var target = indicator.Target!.Value;
            var until = indicator.TargetDate ?? commitment.EndDate!.Value;
            var start = commitment.StartDate!.Value;
            var total = Math.Max(1, until.DayNumber - start.DayNumber);
            var elapsed = Math.Clamp((decimal)(due.DayNumber - start.DayNumber) / total, 0m, 1m);
            var jitter = rng.Next(-5, 6) / 100m;
            var share = Math.Clamp(elapsed * (factor + jitter), 0m, 1.25m);
            update.Values.Add(new IndicatorValue
            {
                ProgressUpdateId = id,
                IndicatorId = indicator.Id,
                Value = RoundFor(UnitKind(indicator.Unit), indicator.Baseline + (target - indicator.Baseline) * share),
            });
        }

        if (status != ProgressUpdateStatus.Draft || rng.Next(100) < 50)
        {
            update.Narrative = Narrative(rng, commitment, update, health, year, place);
        }
        if (rng.Next(100) < 20)
        {
            update.EvidenceUrl = $"https://example.org/techniekpact/{year.ToString(CultureInfo.InvariantCulture)}/toezegging-{commitment.Id.ToString(CultureInfo.InvariantCulture)}";
        }
        return update;
    }

    private static string Narrative(Random rng, Commitment commitment, ProgressUpdate update, ProgressHealth health, int year, string place)
    {
        var template = Pick(rng, health switch
        {
            ProgressHealth.OnTrack => OnTrack,
            ProgressHealth.AtRisk => AtRisk,
            _ => Behind,
        });
        var indicator = commitment.Indicators.FirstOrDefault();
        var narrative = template
            .Replace("{indicator}", indicator?.Name ?? "de doelstelling", StringComparison.Ordinal)
            .Replace("{value}", indicator == null ? "onbekend" : WithUnit(indicator.Unit, update.Values[0].Value), StringComparison.Ordinal)
            .Replace("{target}", indicator == null ? "onbekend" : WithUnit(indicator.Unit, indicator.Target!.Value), StringComparison.Ordinal)
            .Replace("{place}", place, StringComparison.Ordinal)
            .Replace("{year}", year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        if (year == 2020 && health != ProgressHealth.OnTrack && rng.Next(100) < 60)
        {
            narrative = Corona + " " + narrative;
        }
        return narrative;
    }

    private static IndicatorKind UnitKind(string unit) => unit switch
    {
        "procent" => IndicatorKind.Percent,
        "euro" => IndicatorKind.Euro,
        "uren" => IndicatorKind.Hours,
        _ => IndicatorKind.Count,
    };

    private static decimal RoundFor(IndicatorKind kind, decimal value) => kind switch
    {
        IndicatorKind.Percent => Math.Min(100m, Math.Round(value, 1, MidpointRounding.AwayFromZero)),
        IndicatorKind.Euro => Math.Round(value, 2, MidpointRounding.AwayFromZero),
        _ => Math.Round(value, 0, MidpointRounding.AwayFromZero),
    };

    // ---------------------------------------------------------------- text helpers

    private static string Fill(string template, string place, string region, int year, int n, string sector, string organization,
        DateOnly start, DateOnly? end) =>
        template
            .Replace("{place}", place, StringComparison.Ordinal)
            .Replace("{region}", region, StringComparison.Ordinal)
            .Replace("{year}", year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{n}", DutchNumber(n, 0), StringComparison.Ordinal)
            .Replace("{sector}", sector, StringComparison.Ordinal)
            .Replace("{org}", organization, StringComparison.Ordinal)
            .Replace("{start}", DutchDate(start), StringComparison.Ordinal)
            .Replace("{end}", end is { } e ? DutchDate(e) : "nader te bepalen", StringComparison.Ordinal);

    private static string DutchDate(DateOnly date) => date.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);

    /// <summary>A value with its unit as a Dutch reader expects it: "1.250 leerlingen", "42,5%", "€ 12.500,00".</summary>
    internal static string WithUnit(string unit, decimal value) => unit switch
    {
        "procent" => DutchNumber(value, 1) + "%",
        "euro" => "€ " + DutchNumber(value, 2),
        "uren" => DutchNumber(value, 0) + " uur",
        "aantal" => DutchNumber(value, 0),
        _ => DutchNumber(value, 0) + " " + unit,
    };

    /// <summary>Dutch grouping and decimal separators without depending on the machine's culture data.</summary>
    internal static string DutchNumber(decimal value, int decimals) =>
        value.ToString(decimals == 0 ? "#,0" : "#,0." + new string('0', decimals), CultureInfo.InvariantCulture)
            .Replace(',', ' ').Replace('.', ',').Replace(' ', '.');

    // ---------------------------------------------------------------- random helpers

    /// <summary>SplitMix64 finaliser: a well-spread seed per (seed, stream, index). Not HashCode, which changes per process.</summary>
    internal static int Mix(int seed, int stream, int index)
    {
        var z = ((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ (((ulong)(uint)stream << 32) | (uint)index);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFF_FFFF);
    }

    private static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private static T PickWeighted<T>(Random rng, IReadOnlyList<T> items, Func<T, int> weight) =>
        PickWeighted(rng, items, weight, items.Sum(weight));

    private static T PickWeighted<T>(Random rng, IReadOnlyList<T> items, Func<T, int> weight, int totalWeight)
    {
        var roll = rng.Next(totalWeight);
        foreach (var item in items)
        {
            roll -= weight(item);
            if (roll < 0)
            {
                return item;
            }
        }
        return items[^1];
    }

    /// <summary><paramref name="count"/> different numbers below <paramref name="range"/>, in drawing order.</summary>
    private static int[] Distinct(Random rng, int range, int count)
    {
        var all = Shuffled(range, rng);
        return all[..Math.Min(count, range)];
    }

    private static int[] Shuffled(int count, Random rng)
    {
        var items = Enumerable.Range(0, count).ToArray();
        for (var i = count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
        return items;
    }

    private static DateOnly RandomDate(Random rng, DateOnly from, DateOnly to) =>
        from.AddDays(rng.Next(0, to.DayNumber - from.DayNumber + 1));

    /// <summary>A moment during office hours in the Netherlands, in UTC, to the millisecond.</summary>
    private static DateTime Moment(Random rng, DateOnly day) =>
        day.ToDateTime(new TimeOnly(7, 0), DateTimeKind.Utc)
            .AddSeconds(rng.Next(0, 10 * 3600))
            .AddMilliseconds(rng.Next(0, 1000));

    /// <summary>A moment during office hours <paramref name="minDays"/> to <paramref name="maxDays"/> days later, never before <paramref name="after"/>.</summary>
    private static DateTime Later(Random rng, DateTime after, int minDays, int maxDays)
    {
        var moment = Moment(rng, DateOnly.FromDateTime(after).AddDays(rng.Next(minDays, maxDays + 1)));
        return moment > after ? moment : after.AddMinutes(rng.Next(5, 120));
    }

    private static DateTime Min(DateTime a, DateTime b) => a <= b ? a : b;

    /// <summary>A version-4 GUID from the seeded generator.</summary>
    internal static Guid NewGuid(Random rng)
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}

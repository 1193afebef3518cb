using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.ReferenceData;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tools.ScaleData;

/// <summary>
/// The ids the database gave the reference data (regions, provinces, themes), looked up by their
/// names in <see cref="PactReferenceData"/>, so the generated rows point at the rows that exist; and
/// the Identity roles the database already has (the web application creates them at start-up).
/// </summary>
public sealed class ReferenceIds
{
    public ReferenceIds(IReadOnlyList<Region> regions, IReadOnlyList<Theme> themes, IReadOnlyList<IdentityRole>? roles = null)
    {
        ExistingRoles = roles ?? [];
        foreach (var definition in PactReferenceData.Regions)
        {
            var region = regions.SingleOrDefault(r => r.Code == definition.Code)
                ?? throw new InvalidOperationException($"Region '{definition.Code}' is missing from the reference data.");
            RegionNames[region.Id] = region.Name;
            RegionCodes[region.Id] = region.Code;
            foreach (var name in definition.Provinces)
            {
                var province = region.Provinces.SingleOrDefault(p => p.Name == name)
                    ?? throw new InvalidOperationException($"Province '{name}' is missing from region '{definition.Code}'.");
                Provinces[name] = new ProvinceRef(province.Id, region.Id, region.Name);
            }
        }
        Themes = PactReferenceData.Themes
            .Select(name => themes.SingleOrDefault(t => t.Name == name)
                ?? throw new InvalidOperationException($"Theme '{name}' is missing from the reference data."))
            .Select(t => new Theme { Id = t.Id, Name = t.Name, SortOrder = t.SortOrder })
            .ToList();
    }

    public sealed record ProvinceRef(int Id, int RegionId, string RegionName);

    /// <summary>By province name as in <see cref="PactReferenceData"/>.</summary>
    public Dictionary<string, ProvinceRef> Provinces { get; } = new(StringComparer.Ordinal);

    public Dictionary<int, string> RegionNames { get; } = [];

    /// <summary>Region code ("noord", "zuidwest") by region id.</summary>
    public Dictionary<int, string> RegionCodes { get; } = [];

    /// <summary>The roles in AspNetRoles before the generator ran; missing ones are created with the accounts.</summary>
    public IReadOnlyList<IdentityRole> ExistingRoles { get; }

    /// <summary>In the order of <see cref="PactReferenceData.Themes"/>.</summary>
    public IReadOnlyList<Theme> Themes { get; }

    public static async Task<ReferenceIds> LoadAsync(CommitmentsDbContext db, CancellationToken cancellationToken)
    {
        var regions = await db.Regions.AsNoTracking().Include(r => r.Provinces).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var themes = await db.Themes.AsNoTracking().OrderBy(t => t.Id).ToListAsync(cancellationToken);
        var roles = await db.Roles.AsNoTracking().OrderBy(r => r.Id).ToListAsync(cancellationToken);
        return new ReferenceIds(regions, themes, roles);
    }

    /// <summary>Ids as a freshly migrated and seeded database has them, for generating without a database.</summary>
    public static ReferenceIds Fresh()
    {
        var provinceId = 0;
        var regions = PactReferenceData.Regions.Select((r, i) => new Region
        {
            Id = i + 1,
            Code = r.Code,
            Name = r.Name,
            Provinces = r.Provinces.Select(p => new Province { Id = ++provinceId, Name = p, RegionId = i + 1 }).ToList(),
        }).ToList();
        var themes = PactReferenceData.Themes.Select((t, i) => new Theme { Id = i + 1, Name = t, SortOrder = i + 1 }).ToList();
        return new ReferenceIds(regions, themes);
    }
}

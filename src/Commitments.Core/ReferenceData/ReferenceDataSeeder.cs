using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Core.ReferenceData;

/// <summary>Adds the regions, provinces and themes of <see cref="PactReferenceData"/> where they are missing.</summary>
public static class ReferenceDataSeeder
{
    /// <remarks>The context must have a scope that may write reference data (DataScope.Everything).</remarks>
    public static async Task EnsureAsync(CommitmentsDbContext db, CancellationToken cancellationToken = default)
    {
        var regions = await db.Regions.Include(r => r.Provinces).ToListAsync(cancellationToken);
        foreach (var definition in PactReferenceData.Regions)
        {
            var region = regions.FirstOrDefault(r => r.Code == definition.Code);
            if (region == null)
            {
                region = new Region { Code = definition.Code, Name = definition.Name };
                db.Regions.Add(region);
            }
            foreach (var province in definition.Provinces.Where(p => region.Provinces.All(x => x.Name != p)))
            {
                region.Provinces.Add(new Province { Name = province });
            }
        }

        var themes = await db.Themes.Select(t => t.Name).ToListAsync(cancellationToken);
        var order = 0;
        foreach (var theme in PactReferenceData.Themes)
        {
            order++;
            if (!themes.Contains(theme))
            {
                db.Themes.Add(new Theme { Name = theme, SortOrder = order });
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}

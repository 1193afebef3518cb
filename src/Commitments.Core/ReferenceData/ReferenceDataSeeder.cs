using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Core.ReferenceData;

/// <summary>
/// Gives a new installation the regions with their provinces and the themes of
/// <see cref="PactReferenceData"/>. It runs on every start, in every environment, and only ever
/// writes into an empty table.
/// </summary>
/// <remarks>
/// "Missing" cannot be told from "renamed" by name: an administrator who renames the theme
/// "Digitalisering" to "Digitale vaardigheden" leaves no row called "Digitalisering", and adding one
/// back on the next start would undo the administrator's work. So the starting set goes in only when
/// there is nothing yet: the regions (with their provinces) when the Regions table is empty, the themes
/// when the Themes table is empty. After that the tables are the administrators', and a second start
/// adds nothing.
/// </remarks>
public static class ReferenceDataSeeder
{
    /// <summary>What a run added: zero and zero on every start after the first.</summary>
    public sealed record Result(int Regions, int Themes);

    /// <remarks>The context must have a scope that may write reference data (DataScope.Everything).</remarks>
    public static async Task<Result> EnsureAsync(CommitmentsDbContext db, CancellationToken cancellationToken = default)
    {
        var regions = 0;
        if (!await db.Regions.AnyAsync(cancellationToken))
        {
            db.Regions.AddRange(PactReferenceData.Regions.Select(r => new Region
            {
                Code = r.Code,
                Name = r.Name,
                Provinces = r.Provinces.Select(p => new Province { Name = p }).ToList(),
            }));
            regions = PactReferenceData.Regions.Count;
        }

        var themes = 0;
        if (!await db.Themes.AnyAsync(cancellationToken))
        {
            db.Themes.AddRange(PactReferenceData.Themes.Select((name, i) => new Theme { Name = name, SortOrder = i + 1 }));
            themes = PactReferenceData.Themes.Count;
        }

        if (regions + themes > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        return new Result(regions, themes);
    }
}

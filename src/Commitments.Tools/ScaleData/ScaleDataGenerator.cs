using Commitments.Core.Persistence;
using System.Diagnostics;
using Commitments.Core.ReferenceData;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tools.ScaleData;

/// <summary>
/// Fills an empty database with a deterministic national dataset for performance work: partners,
/// commitments with themes, co-partners and indicators, and five years of progress updates; with
/// <see cref="ScaleDataOptions.AccountPassword"/> also an account for every role (<see cref="ScaleAccounts"/>).
/// </summary>
public static class ScaleDataGenerator
{
    /// <summary>
    /// Applies the migrations, adds the reference data, refuses a database that already holds
    /// organisations, reporting cycles or commitments (or, with accounts, accounts of the scale data's
    /// domain), and writes the data in one transaction.
    /// </summary>
    /// <exception cref="ScaleDataRefusedException">The database is not empty; nothing was written.</exception>
    public static async Task<ScaleDataResult> GenerateAsync(DatabaseProvider engine, string connectionString, ScaleDataOptions options,
        TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        log ??= TextWriter.Null;
        var clock = Stopwatch.StartNew();

        ReferenceIds references;
        var tables = new List<TableCount>();
        await using (var db = ToolDatabase.CreateContext(engine, connectionString, "scale data"))
        {
            log.WriteLine("  applying migrations");
            await db.Database.MigrateAsync(cancellationToken);
            ScaleDataTables.VerifyAgainst(db.Model);

            var organizations = await db.Organizations.CountAsync(cancellationToken);
            var cycles = await db.ReportingCycles.CountAsync(cancellationToken);
            var commitments = await db.Commitments.IgnoreQueryFilters().CountAsync(cancellationToken);
            if (organizations > 0 || cycles > 0 || commitments > 0)
            {
                throw new ScaleDataRefusedException(
                    $"The database already holds data ({organizations} organisations, {cycles} reporting cycles, " +
                    $"{commitments} commitments). Scale data is only written into an empty database: " +
                    "name a new file or database, or remove this one first.");
            }
            if (options.AccountPassword != null)
            {
                // Without organisations there can still be users (the application's first administrator);
                // only ours would collide with the unique user name index.
                var suffix = "@" + ScaleAccounts.Domain.ToUpperInvariant();
                var taken = await db.Users.CountAsync(u => u.NormalizedUserName!.EndsWith(suffix), cancellationToken);
                if (taken > 0)
                {
                    throw new ScaleDataRefusedException(
                        $"The database already holds {taken} accounts @{ScaleAccounts.Domain}, which --accounts would create. " +
                        "Name a new file or database, or remove this one first.");
                }
            }

            log.WriteLine("  reference data (regions, provinces, themes)");
            await ReferenceDataSeeder.EnsureAsync(db, cancellationToken);
            references = await ReferenceIds.LoadAsync(db, cancellationToken);
            tables.Add(new TableCount("Regions", await db.Regions.CountAsync(cancellationToken)));
            tables.Add(new TableCount("Provinces", await db.Provinces.CountAsync(cancellationToken)));
            tables.Add(new TableCount("Themes", await db.Themes.CountAsync(cancellationToken)));
        }

        var dataset = new ScaleDataset(options, references);
        if (dataset.Accounts.Any)
        {
            log.WriteLine($"  {BulkLoading.Count(dataset.Accounts.Users.Count)} accounts prepared (administrator, ministry, " +
                          $"{references.RegionCodes.Count} regional leads, {BulkLoading.Count(dataset.Organizations.Count)} partners; " +
                          $"one password hash for all, {dataset.Accounts.NewRoles.Count} roles to add) ({clock.Elapsed.TotalSeconds:0.0} s)");
        }
        log.WriteLine($"  {BulkLoading.Count(dataset.Organizations.Count)} organisations and {dataset.Cycles.Count} reporting cycles generated; " +
                      $"writing {BulkLoading.Count(options.CommitmentCount)} commitments with everything that belongs to them");
        IBulkLoader loader = engine switch
        {
            DatabaseProvider.Sqlite => new SqliteBulkLoader(connectionString),
            DatabaseProvider.Postgres => new PostgresBulkLoader(connectionString),
            _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, null),
        };
        tables.AddRange(await loader.LoadAsync(dataset, log, cancellationToken));
        if (options.AuthenticatorKey is { } key && dataset.Accounts.Any)
        {
            // Two rows, where Identity keeps an authenticator key (AspNetUserTokens).
            await using var db = ToolDatabase.CreateContext(engine, connectionString, "scale data");
            foreach (var user in dataset.Accounts.Users.Where(u => u.TwoFactorEnabled))
            {
                db.UserTokens.Add(new Microsoft.AspNetCore.Identity.IdentityUserToken<string>
                {
                    UserId = user.Id, LoginProvider = "[AspNetUserStore]", Name = "AuthenticatorKey", Value = Normalize(key),
                });
            }
            await db.SaveChangesAsync(cancellationToken);
            log.WriteLine($"  authenticator key set for {ScaleAccounts.AdministratorEmail} and {ScaleAccounts.MinistryEmail}");
        }
        return new ScaleDataResult(tables, clock.Elapsed);
    }

    private static string Normalize(string key) => key.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
}

using Commitments.Core.Domain;
using Commitments.Core.ReferenceData;
using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.ReferenceData;

/// <summary>A new installation in Production: no demo data, only what every installation gets.</summary>
public sealed class ProductionInstallationFactory : CommitmentsWebFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("App:PublicBaseUrl", "https://toezeggingen.techniekpact.test");
    }
}

/// <summary>
/// The regions, provinces and themes every installation starts with (issue 5): present without demo
/// data, in Production too; added once, and never again over what an administrator changed.
/// </summary>
public sealed class ReferenceDataTests
{
    private static async Task<ProductionInstallationFactory> NewInstallationAsync()
    {
        var app = new ProductionInstallationFactory();
        await ((IAsyncLifetime)app).InitializeAsync();
        return app;
    }

    /// <summary>A second host on the same database: runs every start-up step again.</summary>
    private static async Task StartAgainAsync(CommitmentsWebFactory app)
    {
        await using var second = app.WithWebHostBuilder(_ => { });
        _ = second.Server;
    }

    /// <summary>Each region as "Name (code): province, province", with its id, in the order of their ids.</summary>
    private static async Task<List<string>> RegionsAsync(CommitmentsWebFactory app)
    {
        await using var db = app.CreateAdminDbContext();
        return (await db.Regions.Include(r => r.Provinces).OrderBy(r => r.Id).ToListAsync())
            .Select(r => $"{r.Id} {r.Name} ({r.Code}): {string.Join(", ", r.Provinces.OrderBy(p => p.Id).Select(p => $"{p.Id} {p.Name}"))}")
            .ToList();
    }

    private static string WithoutIds(string region) => System.Text.RegularExpressions.Regex.Replace(region, @"\d+ ", "");

    private static async Task<List<string>> ThemesAsync(CommitmentsWebFactory app)
    {
        await using var db = app.CreateAdminDbContext();
        return await db.Themes.OrderBy(t => t.SortOrder).Select(t => t.Name).ToListAsync();
    }

    [SkippableFact]
    public async Task A_new_production_installation_without_demo_data_has_the_five_regions_twelve_provinces_and_seven_themes()
    {
        await using var app = await NewInstallationAsync();

        await using (var db = app.CreateAdminDbContext())
        {
            Assert.False(await db.Organizations.AnyAsync()); // no demo data
            Assert.False(await db.Users.AnyAsync());
            Assert.Equal(5, await db.Regions.CountAsync());
            Assert.Equal(12, await db.Provinces.CountAsync());
            Assert.Equal(7, await db.Themes.CountAsync());
        }
        Assert.Equal(
            ["Noord (noord): Groningen, Friesland, Drenthe", "Oost (oost): Overijssel, Gelderland",
             "Zuid (zuid): Noord-Brabant, Limburg, Zeeland", "Noordwest (noordwest): Noord-Holland, Flevoland, Utrecht",
             "Zuidwest (zuidwest): Zuid-Holland"],
            (await RegionsAsync(app)).Select(WithoutIds));
        Assert.Equal(
            ["Energietransitie", "Digitalisering", "Leven lang ontwikkelen", "Techniek in het primair onderwijs",
             "Kiezen voor techniek", "Leren in de techniek", "Werken in de techniek"],
            await ThemesAsync(app));
    }

    [SkippableFact]
    public async Task A_second_start_adds_nothing()
    {
        await using var app = await NewInstallationAsync();
        var regions = await RegionsAsync(app);
        var themes = await ThemesAsync(app);

        await StartAgainAsync(app);
        await StartAgainAsync(app);

        Assert.Equal(regions, await RegionsAsync(app));
        Assert.Equal(themes, await ThemesAsync(app));
    }

    [SkippableFact]
    public async Task A_renamed_theme_and_region_are_not_added_again_nor_overwritten()
    {
        await using var app = await NewInstallationAsync();
        await using (var db = app.CreateAdminDbContext())
        {
            (await db.Themes.SingleAsync(t => t.Name == "Digitalisering")).Name = "Digitale vaardigheden";
            var noord = await db.Regions.Include(r => r.Provinces).SingleAsync(r => r.Code == "noord");
            noord.Name = "Noord-Nederland";
            noord.Provinces.Single(p => p.Name == "Friesland").Name = "Fryslân";
            await db.SaveChangesAsync();
        }

        await StartAgainAsync(app);

        var themes = await ThemesAsync(app);
        Assert.Equal(7, themes.Count);
        Assert.Contains("Digitale vaardigheden", themes);
        Assert.DoesNotContain("Digitalisering", themes);
        var regions = (await RegionsAsync(app)).Select(WithoutIds).ToList();
        Assert.Equal(5, regions.Count);
        Assert.Equal("Noord-Nederland (noord): Groningen, Fryslân, Drenthe", regions[0]);
        await using var check = app.CreateAdminDbContext();
        Assert.Equal(12, await check.Provinces.CountAsync());
    }

    [SkippableFact]
    public async Task The_seeder_fills_only_empty_tables_and_reports_what_it_added()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateContext(DataScope.Everything("test")))
        {
            // An installation whose administrators already set up their own themes, but no regions.
            db.Themes.Add(new Theme { Name = "Eigen thema", SortOrder = 1 });
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext(DataScope.Everything("test")))
        {
            Assert.Equal(new ReferenceDataSeeder.Result(5, 0), await ReferenceDataSeeder.EnsureAsync(db));
        }
        await using (var db = database.CreateContext(DataScope.Everything("test")))
        {
            Assert.Equal(new ReferenceDataSeeder.Result(0, 0), await ReferenceDataSeeder.EnsureAsync(db));
            Assert.Equal(["Eigen thema"], await db.Themes.Select(t => t.Name).ToListAsync());
            Assert.Equal(12, await db.Provinces.CountAsync());
        }
    }

    [SkippableFact]
    public async Task Only_a_full_scope_may_seed_reference_data()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext(DataScope.NationalReadOnly("ministry"));

        await Assert.ThrowsAsync<DataScopeViolationException>(() => ReferenceDataSeeder.EnsureAsync(db));

        await using var check = database.CreateContext(DataScope.Everything("test"));
        Assert.False(await check.Regions.AnyAsync());
    }
}

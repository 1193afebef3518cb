using System.Net;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.Pages.Admin;

/// <summary>What the administration tests share: posting forms, reading the history, making accounts.</summary>
internal static class AdminTestSupport
{
    public static IEnumerable<KeyValuePair<string, string>> Form(params (string Name, string Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value));

    /// <summary>The text of the page a refused form comes back as, with the error summary's messages.</summary>
    public static async Task<string> RefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = TestBrowser.Parse(await response.Content.ReadAsStringAsync());
        var summary = page.QuerySelector(".error-summary");
        Assert.NotNull(summary);
        return summary.TextContent;
    }

    public static async Task<string> FollowAsync(TestBrowser browser, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (page, document) = await browser.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return document.Body!.TextContent;
    }

    /// <summary>The history lines written for one record, oldest first.</summary>
    public static async Task<List<AuditEntry>> HistoryAsync(CommitmentsWebFactory app, string entityType, object id)
    {
        await using var db = app.CreateAdminDbContext();
        var key = Convert.ToString(id, System.Globalization.CultureInfo.InvariantCulture);
        return await db.AuditEntries.Where(a => a.EntityType == entityType && a.EntityId == key).OrderBy(a => a.Id).ToListAsync();
    }

    public static FieldChange Change(AuditEntry entry, string field) =>
        Assert.Single(HistoryDetails.Parse(entry.Details)!.Changes!, c => c.Field == field);

    /// <summary>
    /// A new account in a role, as an accepted invitation would make it; with the demo password, or
    /// (<paramref name="canSignIn"/> false) without one, which skips the deliberately slow hashing.
    /// </summary>
    public static async Task<AppUser> CreateUserAsync(CommitmentsWebFactory app, string email, string role,
        int? organizationId = null, int? regionId = null, bool canSignIn = true)
    {
        await using var scope = app.Services.CreateAsyncScope();
        using var widened = scope.ServiceProvider.GetRequiredService<DataScopeAccessor>().Widen(DataScope.Everything("test arrangement"));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Test " + email.Split('@')[0],
            OrganizationId = organizationId, RegionId = regionId,
        };
        var created = canSignIn ? await users.CreateAsync(user, CommitmentsWebFactory.Password) : await users.CreateAsync(user);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user;
    }

    public static async Task<(AppUser User, List<string> Roles)> AccountAsync(CommitmentsWebFactory app, string email)
    {
        await using var db = app.CreateAdminDbContext();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
        var roles = await db.UserRoles.Where(r => r.UserId == user.Id)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync();
        return (user, roles);
    }

    public static async Task<int> OrganizationIdAsync(CommitmentsWebFactory app, string name)
    {
        await using var db = app.CreateAdminDbContext();
        return await db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    public static async Task<int> RegionIdAsync(CommitmentsWebFactory app, string code)
    {
        await using var db = app.CreateAdminDbContext();
        return await db.Regions.Where(r => r.Code == code).Select(r => r.Id).SingleAsync();
    }
}

using Commitments.Core.Identity;
using Commitments.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Account;

/// <summary>A new installation without demo data, started with the Bootstrap:* settings.</summary>
public sealed class NewInstallationFactory : CommitmentsWebFactory
{
    public const string AdministratorEmail = "secretariaat@techniekpact.test";
    public const string AdministratorPassword = "Eerste-beheerder-2018";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Bootstrap:AdministratorEmail", AdministratorEmail);
        builder.UseSetting("Bootstrap:AdministratorPassword", AdministratorPassword);
    }
}

public sealed class NewInstallationTests(NewInstallationFactory app) : IClassFixture<NewInstallationFactory>
{
    [Fact]
    public async Task The_first_administrator_comes_from_the_bootstrap_settings_and_can_invite()
    {
        await using (var db = app.CreateAdminDbContext())
        {
            Assert.False(await db.Organizations.AnyAsync()); // no demo data
            Assert.Equal(Roles.All.Order(), (await db.Roles.Select(r => r.Name!).ToListAsync()).Order());
        }

        using var admin = await app.SignInAsync(NewInstallationFactory.AdministratorEmail, NewInstallationFactory.AdministratorPassword);
        // The start-up password must be replaced first: every page leads to the password form.
        var blocked = await admin.GetAsync("/Invitations/Create");
        Assert.Equal("/Account/Password", blocked.Headers.Location!.OriginalString);
        var changed = await admin.PostFormAsync("/Account/Password",
            ("CurrentPassword", NewInstallationFactory.AdministratorPassword), ("NewPassword", "Een eigen zin voor de beheerder"), ("ConfirmPassword", "Een eigen zin voor de beheerder"));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, changed.StatusCode);
        var (response, _) = await admin.GetPageAsync("/Invitations/Create");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);

        // Once only: the next sign-in goes straight on.
        using var again = await app.SignInAsync(NewInstallationFactory.AdministratorEmail, "Een eigen zin voor de beheerder");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await again.GetAsync("/Invitations/Create")).StatusCode);
    }

    [Fact]
    public async Task Starting_again_does_not_create_a_second_administrator()
    {
        // A second host on the same database runs the start-up steps again.
        await using var second = app.WithWebHostBuilder(_ => { });
        _ = second.Server;

        await using var db = app.CreateAdminDbContext();
        var administratorRole = await db.Roles.SingleAsync(r => r.Name == Roles.Administrator);
        Assert.Equal(1, await db.UserRoles.CountAsync(r => r.RoleId == administratorRole.Id));
    }
}

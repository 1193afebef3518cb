using System.Net;
using System.Text.RegularExpressions;
using Commitments.Core.Identity;
using Commitments.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit.Sdk;

namespace Commitments.Tests.Security;

/// <summary>
/// Links in e-mails come from App:PublicBaseUrl, never from the request: a forged Host header must not
/// send a reset or invitation token to someone else's server (ASVS 5.x host header injection).
/// </summary>
public sealed partial class PublicLinkTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private const string ForgedHost = "wachtwoord-hulp.example";

    [Fact]
    public async Task A_forged_host_header_does_not_change_the_mailed_reset_link()
    {
        using var attacker = app.Anonymous();
        attacker.Client.DefaultRequestHeaders.Host = ForgedHost;
        var response = await attacker.PostFormAsync("/Account/ForgotPassword", ("Email", DemoAccounts.TrekkerNoord));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await using var db = app.CreateAdminDbContext();
        var mail = await db.OutboxMessages.SingleAsync(m => m.To == DemoAccounts.TrekkerNoord && m.Subject.StartsWith("Nieuw wachtwoord"));
        var link = Link().Match(mail.TextBody).Value;
        Assert.StartsWith(CommitmentsWebFactory.PublicBaseUrl + "/Account/ResetPassword?", link);
        Assert.DoesNotContain(ForgedHost, mail.TextBody);
    }

    [Fact]
    public async Task A_forged_host_header_does_not_change_the_mailed_invitation_link()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        admin.Client.DefaultRequestHeaders.Host = ForgedHost;
        var response = await admin.PostFormAsync("/Invitations/Create", ("Email", "gastheer@minocw.test"), ("Role", Roles.Ministry));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await using var db = app.CreateAdminDbContext();
        var mail = await db.OutboxMessages.SingleAsync(m => m.To == "gastheer@minocw.test");
        Assert.StartsWith(CommitmentsWebFactory.PublicBaseUrl + "/Account/AcceptInvitation?token=", Link().Match(mail.TextBody).Value);
        Assert.DoesNotContain(ForgedHost, mail.TextBody);
    }

    [Theory]
    [InlineData("", "App:PublicBaseUrl is not set")]
    [InlineData("toezeggingen.techniekpact.nl", "is not a usable address")]
    [InlineData("http://toezeggingen.techniekpact.nl", "must use https")]
    public async Task Production_refuses_to_start_without_a_usable_public_address(string publicBaseUrl, string message)
    {
        var production = new ProductionFactory(publicBaseUrl);
        try
        {
            var e = await Assert.ThrowsAnyAsync<Exception>(production.InitializeAsync);
            var messages = Flatten(e).Select(x => x.Message).ToList();
            Assert.True(messages.Any(m => m.Contains(message)), string.Join(" | ", messages));
        }
        finally
        {
            await ((IAsyncLifetime)production).DisposeAsync();
        }
    }

    [Fact]
    public async Task Production_answers_only_its_public_host_name_unless_AllowedHosts_says_otherwise()
    {
        var production = new ProductionFactory("https://toezeggingen.techniekpact.test");
        try
        {
            await production.InitializeAsync();
            using var client = production.CreateClient(new WebApplicationFactoryClientOptions
            {
                BaseAddress = new Uri("https://toezeggingen.techniekpact.test"),
                AllowAutoRedirect = false,
            });
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);

            client.DefaultRequestHeaders.Host = ForgedHost;
            Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/Account/Login")).StatusCode);
        }
        finally
        {
            await ((IAsyncLifetime)production).DisposeAsync();
        }
    }

    private static IEnumerable<Exception> Flatten(Exception? e)
    {
        for (; e != null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The application as it starts in Production, with the given public address.</summary>
    private sealed class ProductionFactory(string publicBaseUrl) : CommitmentsWebFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("App:PublicBaseUrl", publicBaseUrl);
        }
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}

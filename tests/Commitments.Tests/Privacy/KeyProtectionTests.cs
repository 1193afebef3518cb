using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Commitments.Tests.Infrastructure;
using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.Privacy;

/// <summary>
/// With a certificate configured, the data-protection keys in the database are encrypted, and a
/// second instance with the same certificate (another web node) accepts the first one's sign-in
/// cookie; an instance without the certificate cannot use the keys at all.
/// </summary>
public sealed class KeyProtectionTests(KeyProtectionTests.CertificateWebFactory app) : IClassFixture<KeyProtectionTests.CertificateWebFactory>
{
    [Fact]
    public async Task The_stored_keys_are_encrypted_and_another_instance_with_the_certificate_reads_the_sign_in_cookie()
    {
        using var browser = app.Anonymous();
        var signIn = await browser.SignInAsync(DemoAccounts.PartnerDrenthe, CommitmentsWebFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("techniekpact.auth=", StringComparison.Ordinal));

        await using (var db = app.CreateAdminDbContext())
        {
            var keys = await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.DoesNotContain("<masterKey", xml);
                Assert.Contains("<encryptedSecret", xml);
                Assert.Contains("EncryptedXml", xml);
            });
        }

        await using (var second = new OtherInstance(app, app.CertificatePath, CertificateWebFactory.CertificatePassword))
        {
            using var client = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            using var request = new HttpRequestMessage(HttpMethod.Get, "/Commitments");
            request.Headers.Add("Cookie", cookie);
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(DemoAccounts.PartnerDrenthe, await response.Content.ReadAsStringAsync());
        }

        await using (var withoutCertificate = new OtherInstance(app, null, null))
        {
            using var client = withoutCertificate.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            using var request = new HttpRequestMessage(HttpMethod.Get, "/Commitments");
            request.Headers.Add("Cookie", cookie);
            Assert.True(TestBrowser.IsRedirectToLogin(await client.SendAsync(request)));
        }
    }

    /// <summary>The application with a freshly made certificate protecting its keys.</summary>
    public sealed class CertificateWebFactory : CommitmentsWebFactory
    {
        public const string CertificatePassword = "certificaat-wachtwoord";

        public string CertificatePath { get; } = MakeCertificate();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("DataProtection:Certificate:Path", CertificatePath);
            builder.UseSetting("DataProtection:Certificate:Password", CertificatePassword);
        }

        /// <summary>A self-signed certificate as an administrator would make it (docs/operations.md), as a .pfx with password.</summary>
        private static string MakeCertificate()
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=Techniekpact data protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
            var path = Path.Combine(Path.GetTempPath(), "commitments-tests", $"dataprotection-{Guid.NewGuid():N}.pfx");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, CertificatePassword));
            return path;
        }
    }

    /// <summary>A second web node on the same database, with or without the certificate.</summary>
    private sealed class OtherInstance(CommitmentsWebFactory first, string? certificatePath, string? password) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Provider", first.Database.Provider.ToString());
            builder.UseSetting("ConnectionStrings:Commitments", first.Database.ConnectionString);
            builder.UseSetting("Database:DataDirectory", Path.Combine(first.Database.Directory, "data-" + Guid.NewGuid().ToString("N")));
            builder.UseSetting("Hangfire:ServerEnabled", "false");
            builder.UseSetting("Demo:Seed", "false");
            builder.UseSetting("App:PublicBaseUrl", CommitmentsWebFactory.PublicBaseUrl);
            if (certificatePath != null)
            {
                builder.UseSetting("DataProtection:Certificate:Path", certificatePath);
                builder.UseSetting("DataProtection:Certificate:Password", password);
            }
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(first.Time);
                // See CommitmentsWebFactory: Hangfire's process-wide log provider must outlive this host.
                var hangfire = services.Single(s => s.ServiceType == typeof(IGlobalConfiguration));
                services.Remove(hangfire);
                services.AddSingleton<IGlobalConfiguration>(provider =>
                    ((IGlobalConfiguration)hangfire.ImplementationFactory!(provider)).UseNoOpLogProvider());
            });
        }
    }
}

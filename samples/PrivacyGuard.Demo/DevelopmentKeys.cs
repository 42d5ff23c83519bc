using PrivacyGuard.Keys;

namespace PrivacyGuard.Demo;

/// <summary>Creates the demo's local key file on first run, with a warning that it is for development only.</summary>
internal static class DevelopmentKeys
{
    public static void EnsureKeyFile(string path, TextWriter log)
    {
        if (File.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, KeyGenerator.NewKeyFileJson());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        log.WriteLine($"warning: created development key file {path}. It is for development only: in production, configure PrivacyGuard:KeyRing from a secret store.");
    }
}

#!/usr/bin/env bash
# Builds a jpackage app-image (target/dist/daxscope) and, with --deb, a Debian package
# (target/deb/daxscope_<version>_amd64.deb). The runtime is jlinked from JDK 25 with the JavaFX
# modules taken from the Maven -linux jars, so the image needs no Java on the target machine.
#   packaging/package.sh          app-image only
#   packaging/package.sh --deb    app-image and .deb (needs fakeroot, dpkg-deb; takes ~1 min)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$here/.mvn/jdk.sh"
daxscope_find_jdk
cd "$here"
./mvnw -q -B -DskipTests -Dmaven.test.skip=true package
version=$(sed -n 's:.*<version>\([0-9][^<]*\)</version>.*:\1:p' pom.xml | head -1)

rm -rf target/jpkg-in target/jpkg-fx target/dist
mkdir -p target/jpkg-in target/jpkg-fx
cp target/daxscope.jar target/jpkg-in/
mkdir -p target/jpkg-in/lib
for jar in target/lib/*.jar; do
  case "$(basename "$jar")" in
    javafx-*-linux.jar) cp "$jar" target/jpkg-fx/ ;;
    javafx-*.jar) ;;                       # the empty platform-neutral jars
    *) cp "$jar" target/jpkg-in/lib/ ;;
  esac
done

"$JAVA_HOME/bin/jpackage" --type app-image --name daxscope --app-version "$version" \
  --dest target/dist --input target/jpkg-in --main-jar daxscope.jar --main-class dev.daxscope.Main \
  --module-path target/jpkg-fx --add-modules javafx.controls,java.desktop,java.logging,java.management,jdk.jfr \
  --icon assets/icons/daxscope-256.png \
  --java-options '--enable-native-access=javafx.graphics,ALL-UNNAMED' \
  --description "Inspector and simulator for Linux device-DAX memory" --vendor "daxscope"
echo "app-image: target/dist/daxscope (run target/dist/daxscope/bin/daxscope --version)"

if [ "${1:-}" = "--deb" ]; then
  rm -rf target/deb
  "$JAVA_HOME/bin/jpackage" --type deb --name daxscope --app-version "$version" --dest target/deb \
    --app-image target/dist/daxscope --linux-package-deps libgtk-3-0 --linux-shortcut \
    --linux-menu-group Development --about-url https://daxscope.dev --license-file LICENSE
  echo "deb: $(ls target/deb/*.deb)"
fi
